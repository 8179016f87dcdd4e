#!/usr/bin/env python3
"""A client of the mock in another language (Python's standard library only), as a tester of an Axero
integration would write one: it starts the mock's binary, and against its twin of a site and its admin
API checks that a created comment is listed, fetched by the id the create returned, deleted and then
404; that a fault injected through the admin API (a 429 with Retry-After once) is answered as told and
logged; and that a reset restores the seed. CI runs it (.ci/run).

usage: twin.py --mock PATH_TO_axero-mock
"""
import argparse
import json
import subprocess
import sys
import time
import urllib.error
import urllib.request


def call(url, method="GET", body=None, token=None):
    """(status, headers, parsed JSON or None) of one request."""
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, method=method, data=data)
    if data is not None:
        request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            status, headers, text = answer.status, dict(answer.headers.items()), answer.read()
    except urllib.error.HTTPError as e:
        status, headers, text = e.code, dict(e.headers.items()), e.read()
    return status, headers, (json.loads(text) if text else None)


def check(what, ok, detail=""):
    if not ok:
        print(f"FAILED: {what} {detail}", file=sys.stderr)
        sys.exit(1)
    print(f"ok: {what}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--mock", required=True)
    mock = subprocess.Popen([parser.parse_args().mock, "--port", "0", "--seed", "5"],
                            stdout=subprocess.PIPE, text=True)
    try:
        base = token = admin = None
        while admin is None:
            line = mock.stdout.readline()
            if not line:
                sys.exit("the mock ended before printing its URLs")
            if line.startswith("base URL:"):
                base = line.split(":", 1)[1].strip()
            elif line.startswith("token:"):
                token = line.split(":", 1)[1].strip()
            elif line.startswith("admin:"):
                admin = line.split(":", 1)[1].split()[0]
        run(base, token, admin)
    finally:
        mock.kill()
        mock.wait()


def run(base, token, admin):
    comments = f"{base}/api/comments"
    status, _, seeded = call(f"{comments}?PageLength=100", token=token)
    check("the seeded comments list", status == 200 and seeded["TotalRecords"] > 0, seeded)
    new = {"CommentText": "<p>From Python.</p>", "EntityID": 7, "EntityType": 3}
    status, _, created = call(comments, "POST", new, token)
    check("a create answers the new id", status == 200 and isinstance(created["ResponseData"], int), created)
    cid = created["ResponseData"]
    status, _, listed = call(f"{comments}?PageLength=100", token=token)
    ids = [c["CommentID"] for c in listed["ResponseData"]]
    check("the list shows it", cid in ids and listed["TotalRecords"] == seeded["TotalRecords"] + 1)
    status, _, got = call(f"{comments}/{cid}", token=token)
    check("get by the returned id", status == 200 and got["ResponseData"]["CommentID"] == cid, got)
    status, _, _ = call(f"{comments}/{cid}", "DELETE", token=token)
    check("delete", status == 200)
    status, _, _ = call(f"{comments}/{cid}", token=token)
    check("then 404", status == 404, status)

    rule = {"method": "POST", "path": "/api/comments", "status": 429, "headers": {"Retry-After": "1"}, "times": 1}
    status, _, _ = call(f"{admin}faults", "POST", rule)
    check("the admin API takes a fault", status == 201)
    status, headers, _ = call(comments, "POST", new, token)
    retry_after = {k.lower(): v for k, v in headers.items()}.get("retry-after")
    check("the fault answers 429 with Retry-After", status == 429 and retry_after == "1", (status, headers))
    time.sleep(float(retry_after))
    status, _, again = call(comments, "POST", new, token)
    check("once: the retry succeeds", status == 200, again)
    status, _, log = call(f"{admin}requests")
    posts = [r["status"] for r in log if r["method"] == "POST" and r["path"] == "/api/comments"]
    check("the log shows the POSTs", posts[-2:] == [429, 200], posts)

    status, _, _ = call(f"{admin}reset", "POST")
    status, _, after = call(f"{comments}?PageLength=100", token=token)
    check("a reset restores the seed", after["TotalRecords"] == seeded["TotalRecords"], after["TotalRecords"])


if __name__ == "__main__":
    main()
