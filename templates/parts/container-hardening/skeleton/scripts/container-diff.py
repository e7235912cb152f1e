#!/usr/bin/env python3
"""Compares two Trivy JSON reports of a container image: as built (before) and minified (after).

Writes a Markdown report (image size, package count, vulnerabilities by severity, a text bar chart,
and the findings that fail the gate) and exits non-zero when the after image fails the gate:
any CRITICAL finding, or any HIGH finding with a fix available.

Standard library only, so it runs on a stock runner: python3 scripts/container-diff.py --help
Exit codes: 0 gate passed, 1 gate failed, 2 unusable input.
"""
import argparse
import json
import sys

SEVERITIES = ("CRITICAL", "HIGH", "MEDIUM", "LOW", "UNKNOWN")
MARKER = "<!-- container-diff -->"
BAR_WIDTH = 30
MAX_ROWS = 50


class InputError(Exception):
    pass


class Scan:
    """What the report needs from one Trivy JSON report."""

    def __init__(self, path, size_override=None):
        try:
            with open(path, encoding="utf-8") as handle:
                report = json.load(handle)
        except (OSError, ValueError) as err:
            raise InputError(f"{path}: not a readable JSON file ({err})") from err
        if not isinstance(report, dict) or "ArtifactName" not in report:
            raise InputError(f"{path}: not a Trivy JSON report (no ArtifactName)")
        results = report.get("Results") or []
        metadata = report.get("Metadata") or {}
        self.name = str(report["ArtifactName"])
        family = (metadata.get("OS") or {}).get("Family")
        self.os = family if family and family != "none" else None  # Trivy says "none" when it found no OS
        self.size = size_override if size_override is not None else metadata.get("Size")
        # Packages are listed only with --list-all-pkgs; without them the count is unknown.
        listed = [r["Packages"] for r in results if isinstance(r.get("Packages"), list)]
        self.packages = sum(len(p) for p in listed) if listed or not results else None
        self.findings = [v for r in results for v in (r.get("Vulnerabilities") or [])]
        self.counts = {s: 0 for s in SEVERITIES}
        for vuln in self.findings:
            self.counts[severity(vuln)] += 1


def severity(vuln):
    value = str(vuln.get("Severity", "UNKNOWN")).upper()
    return value if value in SEVERITIES else "UNKNOWN"


def has_fix(vuln):
    return bool(vuln.get("FixedVersion")) or vuln.get("Status") == "fixed"


def gate_failures(scan):
    """The after image's findings that fail the gate: every CRITICAL, and HIGH with a fix."""
    return [
        v for v in scan.findings
        if severity(v) == "CRITICAL" or (severity(v) == "HIGH" and has_fix(v))
    ]


def finding_key(vuln):
    return (vuln.get("VulnerabilityID"), vuln.get("PkgName"), vuln.get("InstalledVersion"))


def human_size(size):
    if size is None:
        return "n/a"
    value = float(size)
    for unit in ("B", "KiB", "MiB", "GiB"):
        if abs(value) < 1024 or unit == "GiB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} B"


def change(before, after, as_size=False):
    if before is None or after is None:
        return "n/a"
    delta = after - before
    text = human_size(abs(delta)) if as_size else str(abs(delta))
    sign = "+" if delta > 0 else "−" if delta < 0 else "±"
    percent = f" ({sign}{abs(delta) / before * 100:.1f}%)" if before else ""
    return f"{sign}{text}{percent}"


def cell(value):
    """Scan data is untrusted text: keep it inside one table cell and inert."""
    text = str(value if value is not None else "")
    text = " ".join(text.split())
    for char, escaped in (("\\", "\\\\"), ("|", "\\|"), ("`", "\\`"), ("*", "\\*"), ("_", "\\_"),
                          ("~", "\\~"), ("[", "\\["), ("]", "\\]"), ("<", "&lt;"),
                          (">", "&gt;")):
        text = text.replace(char, escaped)
    return text or "—"


def bar(count, largest):
    """A bar scaled to the largest count, followed by the count itself."""
    blocks = "█" * max(1, round(count / largest * BAR_WIDTH)) if count else ""
    return f"{blocks} {count}" if blocks else str(count)


def chart(before, after):
    largest = max([before.counts[s] for s in SEVERITIES] + [after.counts[s] for s in SEVERITIES] + [1])
    lines = []
    for sev in SEVERITIES:
        label = sev.capitalize()
        lines.append(f"{label:<9} before {bar(before.counts[sev], largest)}")
        lines.append(f"{'':<9} after  {bar(after.counts[sev], largest)}")
    return "\n".join(lines)


def render(before, after, failures):
    total_before, total_after = len(before.findings), len(after.findings)
    removed = {finding_key(v) for v in before.findings} - {finding_key(v) for v in after.findings}
    added = {finding_key(v) for v in after.findings} - {finding_key(v) for v in before.findings}
    critical = sum(1 for v in failures if severity(v) == "CRITICAL")
    verdict = (
        f"**Gate: failed** — the minified image has {critical} critical and "
        f"{len(failures) - critical} fixable high finding(s)."
        if failures else
        "**Gate: passed** — no critical finding and no high finding with a fix available."
    )
    rows = [
        ("Image size", human_size(before.size), human_size(after.size), change(before.size, after.size, True)),
        ("Packages", before.packages if before.packages is not None else "n/a",
         after.packages if after.packages is not None else "n/a", change(before.packages, after.packages)),
    ]
    rows += [(f"{s.capitalize()} vulnerabilities", before.counts[s], after.counts[s],
              change(before.counts[s], after.counts[s])) for s in SEVERITIES]
    rows.append(("All vulnerabilities", total_before, total_after, change(total_before, total_after)))

    out = [
        MARKER,
        f"## Container diff: {cell(before.name)} → {cell(after.name)}",
        "",
        verdict,
        "",
        "| | Before | After | Change |",
        "| --- | ---: | ---: | ---: |",
    ]
    out += [f"| {label} | {b} | {a} | {d} |" for label, b, a, d in rows]
    if before.os and not after.os:
        # mint drops files the app never opened, the package database among them: Trivy then
        # cannot see the OS packages left in the image, so "after" may under-report.
        out += ["", f"> **Note:** the minified image has no OS package database ({cell(before.os)} before), "
                    "so its scan cannot list OS packages; review the before scan for the libraries it kept."]
    out += [
        "",
        f"Minification removed {len(removed)} finding(s) and introduced {len(added)}.",
        "",
        "```text",
        chart(before, after),
        "```",
    ]
    if failures:
        out += [
            "",
            "### Findings that fail the gate",
            "",
            "| Severity | Vulnerability | Package | Installed | Fixed in |",
            "| --- | --- | --- | --- | --- |",
        ]
        ordered = sorted(failures, key=lambda v: (SEVERITIES.index(severity(v)), str(v.get("VulnerabilityID"))))
        for vuln in ordered[:MAX_ROWS]:
            out.append(
                f"| {severity(vuln)} | {cell(vuln.get('VulnerabilityID'))} | {cell(vuln.get('PkgName'))} "
                f"| {cell(vuln.get('InstalledVersion'))} | {cell(vuln.get('FixedVersion'))} |"
            )
        if len(ordered) > MAX_ROWS:
            out.append(f"\n…and {len(ordered) - MAX_ROWS} more: see the Trivy report artifact.")
    return "\n".join(out) + "\n"


def size_arg(text):
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError("a size is a number of bytes, not negative")
    return value


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", help="Trivy JSON report of the image as built")
    parser.add_argument("after", help="Trivy JSON report of the minified image (the gate reads this one)")
    size_help = "image size in bytes (default: the report's Metadata.Size)"
    parser.add_argument("--before-size", type=size_arg, help=size_help)
    parser.add_argument("--after-size", type=size_arg, help=size_help)
    parser.add_argument("--output", help="write the Markdown here instead of standard output")
    args = parser.parse_args(argv)
    try:
        before = Scan(args.before, args.before_size)
        after = Scan(args.after, args.after_size)
    except InputError as err:
        print(f"container-diff: {err}", file=sys.stderr)
        return 2
    failures = gate_failures(after)
    markdown = render(before, after, failures)
    if args.output:
        with open(args.output, "w", encoding="utf-8") as handle:
            handle.write(markdown)
    else:
        sys.stdout.write(markdown)
    if failures:
        print(f"container-diff: gate failed: {len(failures)} finding(s) are critical or high with a fix",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
