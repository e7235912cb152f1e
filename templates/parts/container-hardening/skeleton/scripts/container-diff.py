#!/usr/bin/env python3
"""Compares two Trivy JSON reports of a container image: as built (before) and minified (after).

Writes a Markdown report (image size, package count, vulnerabilities by severity, a text bar chart,
and the findings that fail the gate) and exits non-zero when the after image fails the gate:
any CRITICAL finding, or any HIGH finding with a fix available.

Minification removes the OS package database, so the after scan cannot see the OS packages that
remain. Every package of the before scan whose ecosystem the after scan cannot see keeps its
findings while any of its files survive (--package-files: the built image's /var/lib/dpkg;
--after-files: the minified image's file list); without that evidence it keeps them all. Those
findings count in the after column and the gate, and --sbom adds the remaining OS packages to the
minified image's CycloneDX SBOM.

Standard library only, so it runs on a stock runner: python3 scripts/container-diff.py --help
Exit codes: 0 gate passed, 1 gate failed, 2 unusable input.
"""

import argparse
import json
import os
import sys
import urllib.parse

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
        self.os = (
            family if family and family != "none" else None
        )  # Trivy says "none" when it found no OS
        self.size = size_override if size_override is not None else metadata.get("Size")
        # Packages are listed only with --list-all-pkgs; without them the count is unknown.
        listed = [r["Packages"] for r in results if isinstance(r.get("Packages"), list)]
        self.packages = sum(len(p) for p in listed) if listed or not results else None
        self.findings = [v for r in results for v in (r.get("Vulnerabilities") or [])]
        self.results = [r for r in results if isinstance(r, dict)]
        # Ecosystems Trivy could read (e.g. "debian", "python-pkg"): it lists all their packages.
        self.types = {r.get("Type") for r in self.results if r.get("Type")}
        self.os_name = (metadata.get("OS") or {}).get("Name")
        # OS packages of the before scan that remain although this scan cannot see them.
        self.kept = []
        self.count()

    def count(self):
        self.counts = dict.fromkeys(SEVERITIES, 0)
        for vuln in self.findings:
            self.counts[severity(vuln)] += 1

    def keep(self, findings, packages):
        """Adds what remains of the before scan that this scan cannot see."""
        self.findings = self.findings + findings
        self.kept = packages
        if self.packages is not None:
            self.packages += len(packages)
        self.count()


def relative(path):
    """A path as `tar -t` and dpkg's md5sums write it: no leading ./ or /."""
    path = path.strip()
    while path.startswith("./"):
        path = path[2:]
    return path.lstrip("/")


def read_after_files(path):
    """The minified image's files and links (`docker export | tar -t`; directories end in /)."""
    try:
        with open(path, encoding="utf-8", errors="surrogateescape") as handle:
            return {
                relative(line)
                for line in handle
                if line.strip() and not line.rstrip("\n").endswith("/")
            }
    except OSError as err:
        raise InputError(f"{path}: not readable ({err})") from err


def read_package_files(root):
    """{package: files} from a copy of /var/lib/dpkg.

    Debian keeps info/<pkg>[:arch].list and .md5sums; distroless status.d/<pkg>.md5sums.
    """
    owned = {}
    for folder in ("info", "status.d"):
        directory = os.path.join(root, folder)
        if not os.path.isdir(directory):
            continue
        for entry in sorted(os.listdir(directory)):
            stem, ext = os.path.splitext(entry)
            if ext not in (".list", ".md5sums"):
                continue
            package = stem.split(":", 1)[0]
            with open(
                os.path.join(directory, entry), encoding="utf-8", errors="surrogateescape"
            ) as handle:
                for line in handle:
                    # .md5sums: "<md5>  <path>"; .list: one absolute path a line (directories too).
                    path = (
                        line.rstrip("\n").split("  ", 1)[1]
                        if ext == ".md5sums" and "  " in line
                        else line
                    )
                    path = relative(path)
                    if path and path != ".":
                        owned.setdefault(package, set()).add(path)
    return owned


def full_version(package):
    """Debian's [epoch:]version[-release] from Trivy's package fields."""
    epoch = package.get("Epoch")
    release = package.get("Release")
    prefix = f"{epoch}:" if epoch else ""
    suffix = f"-{release}" if release else ""
    return f"{prefix}{package.get('Version', '')}{suffix}"


def carried_over(before, after, owned, after_files):
    """The before scan's findings and OS packages left in the minified image, unseen by its scan.

    A package counts as remaining unless its ecosystem is visible in the after scan (then that scan
    decides) or the evidence shows none of its files survived; no evidence keeps it (fail closed).
    """
    findings, packages = [], []
    for result in before.results:
        if result.get("Type") in after.types:
            continue
        is_os = result.get("Class") == "os-pkgs"
        lists = owned if is_os else None

        def remains(name, lists=lists):
            files = lists.get(name) if lists is not None else None
            if after_files is None or files is None:
                return True
            return any(f in after_files for f in files)

        findings += [v for v in (result.get("Vulnerabilities") or []) if remains(v.get("PkgName"))]
        if is_os:
            packages += [
                {
                    "name": p.get("Name"),
                    "version": full_version(p),
                    "arch": p.get("Arch"),
                    "family": result.get("Type"),
                    "os": before.os_name,
                }
                for p in (result.get("Packages") or [])
                if remains(p.get("Name"))
            ]
    return findings, packages


def purl(package):
    qualifiers = {
        "arch": package["arch"],
        "distro": f"{package['family']}-{package['os']}" if package["os"] else None,
    }
    query = "&".join(
        f"{k}={urllib.parse.quote(str(v), safe='.-_')}" for k, v in qualifiers.items() if v
    )
    version = urllib.parse.quote(package["version"], safe=".+~-_")
    name = urllib.parse.quote(str(package["name"]), safe=".+-_")
    return f"pkg:deb/{package['family']}/{name}@{version}" + (f"?{query}" if query else "")


def add_to_sbom(path, packages):
    """Adds the remaining OS packages to the minified image's CycloneDX SBOM (its scan missed)."""
    try:
        with open(path, encoding="utf-8") as handle:
            sbom = json.load(handle)
    except (OSError, ValueError) as err:
        raise InputError(f"{path}: not a readable CycloneDX JSON file ({err})") from err
    if not isinstance(sbom, dict) or sbom.get("bomFormat") != "CycloneDX":
        raise InputError(f"{path}: not a CycloneDX SBOM (no bomFormat CycloneDX)")
    components = sbom.setdefault("components", [])
    present = {c.get("purl") for c in components if isinstance(c, dict)}
    for package in packages:
        ref = purl(package)
        if ref in present:
            continue
        components.append(
            {
                "bom-ref": ref,
                "type": "library",
                "name": package["name"],
                "version": package["version"],
                "purl": ref,
                "properties": [
                    {
                        "name": "golden-path:evidence",
                        "value": "listed before minification; its files remain, not its database",
                    }
                ],
            }
        )
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(sbom, handle, indent=2)
        handle.write("\n")


def severity(vuln):
    value = str(vuln.get("Severity", "UNKNOWN")).upper()
    return value if value in SEVERITIES else "UNKNOWN"


def has_fix(vuln):
    return bool(vuln.get("FixedVersion")) or vuln.get("Status") == "fixed"


def gate_failures(scan):
    """The after image's findings that fail the gate: every CRITICAL, and HIGH with a fix."""
    return [
        v
        for v in scan.findings
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
    for char, escaped in (
        ("\\", "\\\\"),
        ("|", "\\|"),
        ("`", "\\`"),
        ("*", "\\*"),
        ("_", "\\_"),
        ("~", "\\~"),
        ("[", "\\["),
        ("]", "\\]"),
        ("<", "&lt;"),
        (">", "&gt;"),
    ):
        text = text.replace(char, escaped)
    return text or "—"


def bar(count, largest):
    """A bar scaled to the largest count, followed by the count itself."""
    blocks = "█" * max(1, round(count / largest * BAR_WIDTH)) if count else ""
    return f"{blocks} {count}" if blocks else str(count)


def chart(before, after):
    largest = max(
        [before.counts[s] for s in SEVERITIES] + [after.counts[s] for s in SEVERITIES] + [1]
    )
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
        if failures
        else "**Gate: passed** — no critical finding and no high finding with a fix available."
    )
    rows = [
        (
            "Image size",
            human_size(before.size),
            human_size(after.size),
            change(before.size, after.size, True),
        ),
        (
            "Packages",
            before.packages if before.packages is not None else "n/a",
            after.packages if after.packages is not None else "n/a",
            change(before.packages, after.packages),
        ),
    ]
    rows += [
        (
            f"{s.capitalize()} vulnerabilities",
            before.counts[s],
            after.counts[s],
            change(before.counts[s], after.counts[s]),
        )
        for s in SEVERITIES
    ]
    rows.append(
        ("All vulnerabilities", total_before, total_after, change(total_before, total_after))
    )

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
        # cannot see the OS packages left in the image; they are carried over from the before scan.
        kept = (
            ", ".join(f"{cell(p['name'])} {cell(p['version'])}" for p in after.kept[:MAX_ROWS])
            or "none"
        )
        out += [
            "",
            f"> **Note:** the minified image has no OS package database ({cell(before.os)} "
            "before), so its scan cannot list OS packages. The OS packages of the before scan "
            f"whose files remain keep their findings in the After column and the gate: {kept}.",
        ]
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
        ordered = sorted(
            failures, key=lambda v: (SEVERITIES.index(severity(v)), str(v.get("VulnerabilityID")))
        )
        for vuln in ordered[:MAX_ROWS]:
            out.append(
                f"| {severity(vuln)} | {cell(vuln.get('VulnerabilityID'))} "
                f"| {cell(vuln.get('PkgName'))} | {cell(vuln.get('InstalledVersion'))} "
                f"| {cell(vuln.get('FixedVersion'))} |"
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
    parser.add_argument(
        "after", help="Trivy JSON report of the minified image (the gate reads this one)"
    )
    size_help = "image size in bytes (default: the report's Metadata.Size)"
    parser.add_argument("--before-size", type=size_arg, help=size_help)
    parser.add_argument("--after-size", type=size_arg, help=size_help)
    parser.add_argument("--output", help="write the Markdown here instead of standard output")
    parser.add_argument(
        "--package-files",
        metavar="DIR",
        help="a copy of the built image's /var/lib/dpkg: which files each OS package owns",
    )
    parser.add_argument(
        "--after-files",
        metavar="FILE",
        help="the minified image's files, one a line (docker export | tar -t)",
    )
    parser.add_argument(
        "--sbom",
        metavar="FILE",
        help="the minified image's CycloneDX SBOM: the remaining OS packages are added to it",
    )
    args = parser.parse_args(argv)
    try:
        before = Scan(args.before, args.before_size)
        after = Scan(args.after, args.after_size)
        owned = read_package_files(args.package_files) if args.package_files else None
        after_files = read_after_files(args.after_files) if args.after_files else None
        after.keep(*carried_over(before, after, owned, after_files))
        if args.sbom:
            add_to_sbom(args.sbom, after.kept)
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
        print(
            f"container-diff: gate failed: {len(failures)} finding(s) are critical "
            "or high with a fix",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
