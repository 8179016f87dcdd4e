#!/usr/bin/env python3
"""Every answer of the mock server conforms to the exported OpenAPI documents.

Starts the built mock binary on a free loopback port, calls every operation of the first document once,
as the generated client would (every parameter with a valid value: path ids as integers, enums as their
first value, dates in their format, paging at its defaults; a JSON body with the required fields of its
schema, a multipart body with every part, raw bytes for an octet-stream), and validates each answer
(status, headers, body) with openapi-core, an outside OpenAPI response validator, against every document
given: the committed 3.1 one and the 3.0 export. Each must be a 200. Then answers that are not: a path
id that is not an integer (400, never echoed), no token (401), a required query parameter missing (400).
Last, a canary: a real answer broken three ways must give three mismatches, so that a validator that
sees nothing fails the run. Exits 1 listing every mismatch, or when an operation could not be called.

    python3 conform.py --mock target/debug/axero-mock generated/openapi.yaml target/openapi-3.0.yaml

An operation that several client methods share (`x-axero-methods`: another constant, another media type)
is called once, with its first media type; the mock routes it to one of them, and the answer is
validated against the operation's merged schema.
"""

import argparse
import json
import re
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import yaml
from openapi_core import OpenAPI
from openapi_core.testing import MockRequest, MockResponse

METHODS = ("get", "put", "post", "delete", "patch")
BOUNDARY = "axero-conformance-boundary"
# A value for each pattern the exporter writes (`openapi/schema.rs`); an unknown pattern fails the run.
PATTERNS = {
    "^-?[0-9]+$": "42",
    "^-?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?$": "1.5",
    "^[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}$": "10/20/2025",
    "^[0-9]{8}$": "20251020",
}
DATETIME = "2025-10-20T16:07:36.817"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mock", required=True, help="the axero-mock binary")
    parser.add_argument("documents", nargs="+", help="OpenAPI documents (YAML) to validate against")
    args = parser.parse_args()

    documents = []
    for path in args.documents:
        with open(path, encoding="utf-8") as f:
            raw = yaml.safe_load(f)
        documents.append((path, raw, OpenAPI.from_dict(raw)))

    mock = subprocess.Popen(
        [args.mock, "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        url, token = read_banner(mock)
        failures, calls, skipped = run(url, token, documents)
    finally:
        mock.terminate()
        try:
            mock.wait(timeout=10)
        except subprocess.TimeoutExpired:
            mock.kill()

    for line in skipped:
        print(f"skipped: {line}")
    for line in failures:
        print(f"MISMATCH: {line}")
    operations, others = calls
    print(
        f"{operations} operations called ({len(skipped)} skipped) and {others} error answers, each validated "
        f"against {len(documents)} documents: {len(failures)} mismatches"
    )
    return 1 if failures or skipped or operations == 0 else 0


def read_banner(mock):
    """The base URL and the token the mock prints when it listens."""
    url = token = None
    deadline = time.monotonic() + 30
    while (url is None or token is None) and time.monotonic() < deadline:
        line = mock.stdout.readline()
        if not line:
            raise SystemExit(f"the mock stopped before it listened: {mock.stderr.read()}")
        if line.startswith("base URL:"):
            url = line.split(":", 1)[1].strip()
        elif line.startswith("token:"):
            token = line.split(":", 1)[1].strip()
    if url is None or token is None:
        raise SystemExit("the mock did not print its base URL and token in 30 s")
    return url, token


def run(url, token, documents):
    """Calls every operation of the first document; validates each answer against every document."""
    _, first, _ = documents[0]
    failures, skipped, operations, others = [], [], 0, 0
    auth = {"Authorization": f"Bearer {token}"}
    # The seed's ids: every call starts from the seed (reset below), so they hold for each.
    ids = twin_ids(url)
    for path, item in first["paths"].items():
        for method in METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            name = f"{method.upper()} {path} ({operation.get('operationId')})"
            try:
                request = build_request(first, path, item, operation, ids)
            except Unbuildable as e:
                skipped.append(f"{name}: {e}")
                continue
            # The twin keeps state: each call starts from the seed (where id 42 is an item), so that a
            # DELETE called before a GET of the same item does not make that GET a 404.
            reset(url)
            answer = send(url, method, request, auth)
            operations += 1
            if answer.status_code != 200:
                failures.append(f"{name}: status {answer.status_code}, expected 200: {answer.data[:300]!r}")
            failures += validate(documents, name, method, path, request, answer)

    # Answers that are not successes, each against the document too.
    not_ok = [
        # A path id that is not an integer: 400, never the text echoed as the id.
        ("get", "/api/users/{UserID}/details", {"path": {"UserID": "null,null"}}, 400, auth),
        ("get", "/api/users/{UserID}/details", {"path": {"UserID": "1.5"}}, 400, auth),
        # No token.
        ("get", "/api/users/me", {}, 401, {}),
        # A required query parameter missing.
        ("get", "/api/analytics/content/count", {}, 400, auth),
    ]
    for method, path, parts, status, headers in not_ok:
        request = Request(path, parts.get("path", {}), {}, {}, None, None)
        name = f"{method.upper()} {request.concrete()} (expected {status})"
        if path not in first["paths"]:
            failures.append(f"{name}: the document has no {path}")
            continue
        answer = send(url, method, request, headers)
        others += 1
        if answer.status_code != status:
            failures.append(f"{name}: status {answer.status_code}: {answer.data[:300]!r}")
        for value in parts.get("path", {}).values():
            try:
                data = json.dumps(json.loads(answer.data).get("ResponseData"))
            except (ValueError, AttributeError):
                data = answer.data.decode("utf-8", "replace")
            if value in data:
                failures.append(f"{name}: the malformed id is echoed: {answer.data[:300]!r}")
        failures += validate(documents, name, method, path, request, answer)

    failures += canary(url, auth, documents)
    return failures, (operations, others), skipped


def canary(url, auth, documents):
    """The validator is not blind: a real answer with a wrong id, a date-time in another form and a
    missing required field must give a mismatch against every document, else the check proves nothing."""
    path, method = "/api/content/{ContentID}", "get"
    content_id = str(twin_ids(url).get("ContentID", 42))
    request = Request(path, {"ContentID": content_id}, {}, {}, None, None)
    answer = send(url, method, request, auth)
    body = json.loads(answer.data)
    data = body["ResponseData"]
    data["ContentID"] = "42"
    data["DateCreated"] = "10/20/2025 11:07 AM"
    del body["IsError"]
    broken = MockResponse(json.dumps(body).encode(), status_code=200, headers=answer.headers,
                          content_type=answer.content_type)
    failures = []
    for doc_path, _, _ in documents:
        found = validate([d for d in documents if d[0] == doc_path], "canary", method, path, request, broken)
        wanted = ["ResponseData/ContentID", "ResponseData/DateCreated", "IsError"]
        missed = [w for w in wanted if not any(w in f for f in found)]
        if missed:
            failures.append(
                f"the validator did not see a broken answer's {', '.join(missed)} against {doc_path}"
            )
    return failures


class Unbuildable(Exception):
    """A request the script cannot build from the document."""


class Request:
    """A request: the template, path, query and header parameters, the body and its media type."""

    def __init__(self, template, path, query, headers, body, media):
        self.template, self.path, self.query, self.headers = template, path, query, headers
        self.body, self.media = body, media

    def concrete(self):
        """The path with the parameters filled in, percent-encoded."""
        out = self.template
        for name, value in self.path.items():
            out = out.replace("{" + name + "}", urllib.parse.quote(str(value), safe=""))
        return out


def build_request(doc, path, item, operation, ids=None):
    """The request for an operation: every parameter with a value of its schema (a path id the mock's
    twin keeps: the first of its items, from `ids`), and its first body."""
    params = {}
    for p in item.get("parameters", []) + operation.get("parameters", []):
        p = resolve(doc, p)
        params[(p["in"], p["name"])] = p
    path_values, query, headers = {}, {}, {}
    for (place, name), p in params.items():
        value = example(doc, p.get("schema", {}))
        if place == "path":
            path_values[name] = str(ids[name]) if ids and name in ids else text(value)
        elif place == "query":
            query[name] = ",".join(text(v) for v in value) if isinstance(value, list) else text(value)
        elif place == "header":
            headers[name] = text(value)
        else:
            raise Unbuildable(f"a parameter in {place}")
    body, media = None, None
    request_body = operation.get("requestBody")
    if request_body is not None:
        request_body = resolve(doc, request_body)
        content = request_body.get("content", {})
        media = next(iter(content))
        schema = content[media].get("schema", {})
        if media == "application/json":
            body = json.dumps(example(doc, schema)).encode()
        elif media == "multipart/form-data":
            body, media = multipart(doc, schema)
        elif media == "application/octet-stream":
            body = b"axero conformance bytes"
        else:
            raise Unbuildable(f"a body of {media}")
    return Request(path, path_values, query, headers, body, media)


def multipart(doc, schema):
    """A multipart body with every part of `schema` (files as a small text file) and its content type."""
    schema = resolve(doc, schema)
    lines = []
    for name, part in schema.get("properties", {}).items():
        part = resolve(doc, part)
        if part.get("format") == "binary":
            lines += [
                f"--{BOUNDARY}",
                f'Content-Disposition: form-data; name="{name}"; filename="a.txt"',
                "Content-Type: text/plain",
                "",
                "axero conformance file",
            ]
        else:
            disposition = f'Content-Disposition: form-data; name="{name}"'
            lines += [f"--{BOUNDARY}", disposition, "", text(example(doc, part))]
    lines += [f"--{BOUNDARY}--", ""]
    return "\r\n".join(lines).encode(), f"multipart/form-data; boundary={BOUNDARY}"


def resolve(doc, node):
    """`node`, or what its `$ref` (within the document) points to."""
    while isinstance(node, dict) and "$ref" in node:
        target = doc
        for key in node["$ref"].lstrip("#/").split("/"):
            target = target[key]
        node = target
    return node


def example(doc, schema, depth=0):
    """A value that fits `schema`: the first of an enum or `oneOf`, the required fields of an object."""
    schema = resolve(doc, schema)
    if depth > 12:
        raise Unbuildable("a schema nested too deep")
    if "const" in schema:
        return schema["const"]
    if schema.get("enum"):
        return schema["enum"][0]
    for key in ("allOf", "oneOf", "anyOf"):
        if schema.get(key):
            options = [resolve(doc, s) for s in schema[key]]
            options = [s for s in options if s.get("type") != "null"] or options
            return example(doc, options[0], depth + 1)
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    if kind == "string":
        if "pattern" in schema:
            value = PATTERNS.get(schema["pattern"], DATETIME)
            if not re.search(schema["pattern"], value):
                raise Unbuildable(f"no value for the pattern {schema['pattern']}")
            return value
        if schema.get("format") == "date":
            return "2025-10-20"
        if schema.get("format") == "date-time":
            return DATETIME
        return "x"
    if kind == "integer":
        return max(42, schema.get("minimum", 42)) if "default" not in schema else schema["default"]
    if kind == "number":
        return 1.5
    if kind == "boolean":
        return True
    if kind == "array":
        return [example(doc, schema.get("items", {}), depth + 1)]
    if kind == "object" or "properties" in schema:
        props = schema.get("properties", {})
        required = [name for name in schema.get("required", []) if name in props]
        return {name: example(doc, props[name], depth + 1) for name in required}
    if kind == "null":
        return None
    return {}


def text(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def twin_ids(url):
    """Each id field of the mock's twin and the first id of its items (`GET /__mock/collections`)."""
    with urllib.request.urlopen(url + "/__mock/collections", timeout=10) as answer:
        collections = json.loads(answer.read())
    return {c["id"]: c["ids"][0] for c in collections.values() if c["ids"]}


def reset(url):
    """Puts the mock's twin back as its seed made it (`POST /__mock/reset`)."""
    request = urllib.request.Request(url + "/__mock/reset", method="POST", data=b"")
    with urllib.request.urlopen(request, timeout=10) as answer:
        answer.read()


def send(url, method, request, headers):
    query = urllib.parse.urlencode(request.query)
    full = url + request.concrete() + (f"?{query}" if query else "")
    req = urllib.request.Request(full, data=request.body, method=method.upper())
    for k, v in {**headers, **request.headers}.items():
        req.add_header(k, v)
    if request.media is not None:
        req.add_header("Content-Type", request.media)
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            status, data, answer_headers = r.status, r.read(), dict(r.headers.items())
    except urllib.error.HTTPError as e:
        status, data, answer_headers = e.code, e.read(), dict(e.headers.items())
    content_type = answer_headers.get("content-type", answer_headers.get("Content-Type", ""))
    return MockResponse(data, status_code=status, headers=answer_headers, content_type=content_type)


def validate(documents, name, method, template, request, answer):
    failures = []
    for path, raw, openapi in documents:
        server = raw["servers"][0]
        host = server["url"]
        for var, spec in server.get("variables", {}).items():
            host = host.replace("{" + var + "}", spec["default"])
        mock_request = MockRequest(
            host,
            method,
            request.concrete(),
            path_pattern=template,
            args=request.query,
            view_args=request.path,
            headers=request.headers,
            data=request.body,
            content_type=request.media or "application/json",
        )
        for error in openapi.iter_response_errors(mock_request, answer):
            failures.append(f"{name} against {path}: {describe(error)}")
    return failures


def describe(error):
    """The error, and the schema errors under it with where each is (the value itself is left out)."""
    parts = [type(error).__name__]
    cause, found = error, False
    while cause is not None:
        for e in getattr(cause, "schema_errors", None) or []:
            found = True
            for leaf in leaves(e):
                where = "/".join(str(p) for p in leaf.absolute_path)
                parts.append(f"at {where or '(root)'}: {short(leaf.message)}")
        cause = cause.__cause__
    if not found:
        parts.append(short(str(error)))
    return "; ".join(parts)


def leaves(error):
    """The innermost errors of a jsonschema error (`anyOf`, `oneOf` keep theirs in `context`)."""
    if not getattr(error, "context", None):
        return [error]
    return [leaf for e in error.context for leaf in leaves(e)]


def short(message, limit=200):
    return message if len(message) <= limit else message[:limit] + "…"


if __name__ == "__main__":
    sys.exit(main())
