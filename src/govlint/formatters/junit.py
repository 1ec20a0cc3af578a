"""JUnit XML for GitLab and Jenkins test reports: a test suite per file, a test case per post.

A post with findings fails, with one ``<failure>`` per finding (``type`` is the
rule id); a clean post passes. Inputs that could not be read are ``<error>``
cases in a suite of their own. Counts follow JUnit's meaning: ``tests`` and
``failures`` count test cases (posts), so the number of findings is given as a
suite property. A post with several findings lists them all in ``<system-out>``
too, because some consumers (Jenkins) show only a test case's first failure.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from govlint.formatters.base import (Masker, Options, PostGroup, Report, group_by_file, group_by_post, guidance_lines,
                                     plural, portable_path, post_key, suppressed_line)
from govlint.model import Finding

# Characters XML 1.0 cannot carry at all (control characters other than tab, LF, CR; lone surrogates; U+FFFE/F).
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_safe(value: object) -> str:
    return _NOT_XML.sub("\ufffd", str(value))


def _el(parent: ET.Element, tag: str, text: str | None = None, **attrs: object) -> ET.Element:
    el = ET.SubElement(parent, tag, {k: xml_safe(v) for k, v in attrs.items()})
    if text is not None:
        el.text = xml_safe(text)
    return el


def finding_text(f: Finding, m: Masker) -> str:
    lines = [f"{f.severity.label} {f.rule} [{f.concern}] at {f.path}:{f.line}:{f.column}: {f.title}", f.message]
    added = m.contributors(f)
    if added:
        lines.append(f"Details that add up: {added}")
    lines.append(f"Matched: “{m.match(f)}”")
    lines += guidance_lines(f)
    return "\n".join(lines)


def _case(suite: ET.Element, g: PostGroup, m: Masker, silenced: list[Finding]) -> bool:
    """One post's test case; True when it is skipped (its only findings were suppressed)."""
    path = portable_path(g.path)
    case = _el(suite, "testcase", name=f"{path}:{g.id}", classname=path, file=path, time="0")
    for f in g.findings:
        _el(case, "failure", finding_text(f, m), type=f.rule, message=f"{f.title}: {f.message}")
    skipped = bool(silenced) and not g.findings
    if skipped:
        _el(case, "skipped", message=f"{plural(len(silenced), 'finding')} suppressed")
    out = [finding_text(f, m) for f in g.findings] if len(g.findings) > 1 else []
    out += [suppressed_line(f) for f in silenced]  # where, which rule and why: never the post's text
    if out:
        _el(case, "system-out", "\n\n".join(out) + "\n")
    return skipped


def build(report: Report, options: Options) -> ET.Element:
    m = Masker(report.findings, options.redact)
    silenced: dict[tuple[str, str], list[Finding]] = {}
    for f in report.suppressed:
        silenced.setdefault(post_key(f), []).append(f)
    root = ET.Element("testsuites", {"name": "govlint"})
    tests = failures = errors = 0
    for path, groups in group_by_file(group_by_post(report)).items():
        failed = sum(1 for g in groups if g.findings)
        found = sum(len(g.findings) for g in groups)
        suite = _el(root, "testsuite", name=portable_path(path), tests=len(groups), failures=failed, errors=0,
                    skipped=0, time="0")
        props = _el(suite, "properties")
        _el(props, "property", name="govlint.findings", value=found)
        skipped = 0
        for g in groups:
            skipped += _case(suite, g, m, silenced.get((g.path, str(g.id)), []))
        suite.set("skipped", str(skipped))
        tests, failures = tests + len(groups), failures + failed
    if report.errors:
        suite = _el(root, "testsuite", name="govlint: inputs that could not be checked", tests=len(report.errors),
                    failures=0, errors=len(report.errors), skipped=0, time="0")
        for i, err in enumerate(report.errors, 1):
            case = _el(suite, "testcase", name=f"input problem {i}", classname="govlint", time="0")
            _el(case, "error", err, type="InputError", message=err)
        tests, errors = tests + len(report.errors), errors + len(report.errors)
    for k, v in {"tests": tests, "failures": failures, "errors": errors, "time": "0"}.items():
        root.set(k, str(v))
    return root


def render(report: Report, options: Options) -> str:
    root = build(report, options)
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    counts = f"{plural(len(report.findings), 'finding')} in {plural(report.posts_checked, 'post')}"
    comment = f"<!-- govlint {report.version}: {counts} -->"
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{comment}\n{body}\n'
