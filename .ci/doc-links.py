#!/usr/bin/env python3
"""Checks the links of rendered rustdoc HTML: every relative link names a file that exists and, with a
`#fragment`, an element with that id in it. rustdoc's own lint sees only intra-doc links; a Markdown
link such as `(#rt::Request)` or a link into a crate that was not documented is caught only here.

usage: doc-links.py DOC_DIR [--inlined FOLDER=CRATE]... CRATE...
  e.g. doc-links.py target/doc --inlined axero/runtime=axero_runtime axero axero_runtime

--inlined: the pages of FOLDER are another crate's items documented in place (`#[doc(inline)] pub use`);
each must show every method and variant the item's own page in CRATE shows, so that a reader of this
crate's docs alone (docs.rs documents one crate at a time) finds them, and rustdoc's search with them.
"""
import html.parser
import os
import sys
import urllib.parse


# Sections whose docs come from other crates' blanket impls (`impl<T> WithSubscriber for T`): their
# links are those crates' to keep.
FOREIGN = {"blanket-implementations-list", "synthetic-implementations-list"}


class Page(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.links, self.ids = [], set()
        self.refresh = None  # where a redirect page (rustdoc's, for an item re-exported elsewhere) sends
        self.foreign_depth = 0  # > 0 inside a FOREIGN section: the number of its divs still open

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and (attrs.get("http-equiv") or "").lower() == "refresh":
            self.refresh = (attrs.get("content") or "").split("URL=", 1)[-1].split("url=", 1)[-1]
        if tag == "div" and (self.foreign_depth or attrs.get("id") in FOREIGN):
            self.foreign_depth += 1
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("name"):
            self.ids.add(attrs["name"])
        if tag == "a" and attrs.get("href") and not self.foreign_depth:
            self.links.append(attrs["href"])

    def handle_endtag(self, tag):
        if tag == "div" and self.foreign_depth:
            self.foreign_depth -= 1


def parse(path, cache={}):
    if path not in cache:
        page = Page()
        with open(path, encoding="utf-8") as f:
            page.feed(f.read())
        cache[path] = page
    return cache[path]


def anchored(fragment, target):
    """Whether `target` has the element `#fragment` names (after the redirect a page makes, if any); a
    source page's line anchors (`#12-30`) are made by its script."""
    if os.sep + "src" + os.sep in target and fragment.replace("-", "").isdigit():
        return True
    for _ in range(3):
        refresh = parse(target).refresh
        if not refresh:
            break
        target = os.path.normpath(os.path.join(os.path.dirname(target), refresh))
        if not os.path.exists(target):
            return False
    ids = parse(target).ids
    return fragment in ids or urllib.parse.unquote(fragment) in ids


def inlined(doc, folder, crate):
    """What the pages of `folder` lack of their item's own pages in `crate`."""
    missing = []
    members = ("method.", "variant.", "tymethod.", "structfield.")
    pages = {}
    for where, _, files in os.walk(os.path.join(doc, crate)):
        for name in files:
            pages.setdefault(name, os.path.join(where, name))
    for name in sorted(os.listdir(os.path.join(doc, folder))):
        if not name.endswith(".html") or name == "index.html":
            continue
        own = pages.get(name)
        if own is None:
            missing.append(f"{folder}/{name}: {crate} has no page of its own for it")
            continue
        here = parse(os.path.join(doc, folder, name)).ids
        for member in sorted(i for i in parse(own).ids if i.startswith(members)):
            if member not in here:
                missing.append(f"{folder}/{name}: no #{member} ({crate}/{name} has it)")
    return missing


def main():
    args = sys.argv[1:]
    doc, pairs, crates = args[0], [], []
    rest = iter(args[1:])
    for arg in rest:
        if arg == "--inlined":
            folder, crate = next(rest).split("=")
            pairs.append((folder, crate))
        else:
            crates.append(arg)
    broken, pages = [], 0
    for folder, crate in pairs:
        broken.extend(inlined(doc, folder, crate))
    for crate in crates:
        for folder, _, files in os.walk(os.path.join(doc, crate)):
            for name in files:
                if not name.endswith(".html"):
                    continue
                path = os.path.join(folder, name)
                pages += 1
                for link in parse(path).links:
                    url = urllib.parse.urlparse(link)
                    if url.scheme or link.startswith("//"):
                        continue  # another site (the standard library's docs, a web page)
                    target = os.path.normpath(os.path.join(folder, urllib.parse.unquote(url.path))) if url.path else path
                    if os.path.isdir(target):
                        target = os.path.join(target, "index.html")
                    shown = os.path.relpath(path, doc)
                    if not os.path.exists(target):
                        broken.append(f"{shown}: {link}: no such page")
                    elif url.fragment and target.endswith(".html") and not anchored(url.fragment, target):
                        broken.append(f"{shown}: {link}: no such anchor")
    for line in sorted(set(broken)):
        print(line)
    print(f"{pages} pages of {', '.join(crates)}: {len(set(broken))} broken links", file=sys.stderr)
    sys.exit(1 if broken else 0)


main()
