#!/usr/bin/env bash
# Compares two Trivy JSON reports of a container image: as built (before) and minified (after).
#
# Writes a Markdown report (image size, package count, vulnerabilities by severity, a text bar chart,
# and the findings that fail the gate) and exits non-zero when the after image fails the gate:
# any CRITICAL finding, or any HIGH finding with a fix available.
#
# Minification removes the OS package database, so the after scan cannot see the OS packages that
# remain. Every package of the before scan whose ecosystem the after scan cannot see keeps its
# findings while any of its files survive (--package-files: the built image's /var/lib/dpkg;
# --after-files: the minified image's file list); without that evidence it keeps them all. Those
# findings count in the after column and the gate, and --sbom adds the remaining OS packages to the
# minified image's CycloneDX SBOM.
#
# bash and jq only (both on GitHub's runners): bash scripts/container-diff.sh --help
# Exit codes: 0 gate passed, 1 gate failed, 2 unusable input.
set -euo pipefail

PROG="container-diff.sh"
USAGE="usage: ${PROG} [-h] [--before-size BEFORE_SIZE] [--after-size AFTER_SIZE] [--output OUTPUT]
                         [--package-files DIR] [--after-files FILE] [--sbom FILE]
                         before after"

help() {
  cat <<EOF
${USAGE}

Compares two Trivy JSON reports of a container image: as built (before) and minified (after).

positional arguments:
  before                Trivy JSON report of the image as built
  after                 Trivy JSON report of the minified image (the gate reads this one)

options:
  -h, --help            show this help message and exit
  --before-size BEFORE_SIZE
                        image size in bytes (default: the report's Metadata.Size)
  --after-size AFTER_SIZE
                        image size in bytes (default: the report's Metadata.Size)
  --output OUTPUT       write the Markdown here instead of standard output
  --package-files DIR   a copy of the built image's /var/lib/dpkg: which files each OS package owns
  --after-files FILE    the minified image's files, one a line (docker export | tar -t)
  --sbom FILE           the minified image's CycloneDX SBOM: the remaining OS packages are added to it

Exit codes: 0 gate passed, 1 gate failed, 2 unusable input.
EOF
}

# A mistake in the command line: usage and the error, exit 2.
usage_error() {
  printf '%s\n%s: error: %s\n' "$USAGE" "$PROG" "$1" >&2
  exit 2
}

# Unusable input: one line naming the file and what is wrong with it, exit 2.
input_error() {
  printf 'container-diff: %s\n' "$1" >&2
  exit 2
}

command -v jq >/dev/null || input_error "jq is needed (GitHub's runners have it; Debian/Ubuntu: apt-get install jq)"

# --- Command line ---------------------------------------------------------------------------------
OPTIONS=(before-size after-size output package-files after-files sbom help)
positional=()
declare -A opt=()
unknown=()

# The option a (possibly abbreviated) --name means, or a usage error.
resolve() {
  local name="$1" arg="$2" match="" candidate
  for candidate in "${OPTIONS[@]}"; do
    if [ "$candidate" = "$name" ]; then
      printf '%s' "$candidate"
      return
    fi
  done
  for candidate in "${OPTIONS[@]}"; do
    if [ "${candidate#"$name"}" != "$candidate" ]; then
      if [ -n "$match" ]; then
        usage_error "ambiguous option: ${arg} could match --${match}, --${candidate}"
      fi
      match="$candidate"
    fi
  done
  printf '%s' "$match"
}

# A value that looks like an option (and not like a negative number) is not a value.
looks_like_option() {
  [[ "$1" == -?* && ! "$1" =~ ^-[0-9]+$|^-[0-9]*\.[0-9]+$ ]]
}

# A size is a whole number of bytes, not negative; printed as JSON (no sign, no leading zeros).
size_json() {
  local option="$1" text="$2" digits
  local trimmed="${text#"${text%%[![:space:]]*}"}"
  trimmed="${trimmed%"${trimmed##*[![:space:]]}"}"
  if ! [[ "$trimmed" =~ ^[+-]?[0-9](_?[0-9])*$ ]]; then
    usage_error "argument --${option}: invalid size_arg value: '${text}'"
  fi
  digits="${trimmed#[+-]}"
  digits="${digits//_/}"
  digits="${digits#"${digits%%[!0]*}"}"
  digits="${digits:-0}"
  if [[ "$trimmed" == -* && "$digits" != 0 ]]; then
    usage_error "argument --${option}: a size is a number of bytes, not negative"
  fi
  printf '%s' "$digits"
}
while [ "$#" -gt 0 ]; do
  arg="$1"
  shift
  case "$arg" in
    --)
      positional+=("$@")
      break
      ;;
    -h) help; exit 0 ;;
    --?*)
      name="${arg#--}"
      value=""
      has_value=0
      if [[ "$name" == *=* ]]; then
        value="${name#*=}"
        name="${name%%=*}"
        has_value=1
      fi
      option="$(resolve "$name" "$arg")" || exit 2
      if [ -z "$option" ]; then
        unknown+=("$arg")
        continue
      fi
      if [ "$option" = help ]; then
        help
        exit 0
      fi
      if [ "$has_value" = 0 ]; then
        if [ "$#" -eq 0 ] || looks_like_option "$1"; then
          usage_error "argument --${option}: expected one argument"
        fi
        value="$1"
        shift
      fi
      case "$option" in
        before-size | after-size) value="$(size_json "$option" "$value")" || exit 2 ;;
      esac
      opt[$option]="$value"
      ;;
    -?*)
      if looks_like_option "$arg"; then unknown+=("$arg"); else positional+=("$arg"); fi
      ;;
    *) positional+=("$arg") ;;
  esac
done
if [ "${#positional[@]}" -lt 2 ]; then
  missing="before, after"
  [ "${#positional[@]}" -eq 1 ] && missing="after"
  usage_error "the following arguments are required: ${missing}"
fi
unknown+=("${positional[@]:2}")
if [ "${#unknown[@]}" -gt 0 ]; then
  usage_error "unrecognized arguments: ${unknown[*]}"
fi
before_path="${positional[0]}"
after_path="${positional[1]}"

before_size="${opt[before-size]:-null}"
after_size="${opt[after-size]:-null}"

# --- Input ----------------------------------------------------------------------------------------
# Every input is copied once into a private folder and read from there: what is checked is what is
# used. A problem with one is recorded, not reported at once: the comparison reports the first, in the
# order the inputs are read (before, after, package files, after files, SBOM).
work="$(mktemp -d)"
trap 'rm -rf -- "$work"' EXIT
export LC_ALL=C

# Copies a file into the work folder; on failure prints why (the reader's own words) and fails.
copy_in() {
  local source="$1" target="$2" why
  if ! why="$(cat -- "$source" 2>&1 >"$target")"; then
    why="${why#cat: }"
    printf '%s' "${why:-not readable}"
    return 1
  fi
}

# Copies a JSON file and prints why it cannot be read as a strict reader reads JSON (UTF-8 text
# without a byte order mark), or nothing.
json_copy() {
  local source="$1" target="$2"
  copy_in "$source" "$target" || return 0
  if [ "$(head -c 3 "$target")" = $'\xef\xbb\xbf' ]; then
    printf 'Unexpected UTF-8 BOM (decode using utf-8-sig): line 1 column 1 (char 0)'
  elif ! iconv -f UTF-8 -t UTF-8 "$target" >/dev/null 2>&1; then
    printf 'not UTF-8 text'
  fi
}

inputs=(
  --rawfile before_text "$work/before.json" --arg before_problem "$(json_copy "$before_path" "$work/before.json")"
  --rawfile after_text "$work/after.json" --arg after_problem "$(json_copy "$after_path" "$work/after.json")"
)
touch "$work/before.json" "$work/after.json"

# Which files each OS package owns, from a copy of /var/lib/dpkg: Debian keeps
# info/<pkg>[:arch].list and .md5sums, distroless status.d/<pkg>.md5sums.
dpkg_problem=""
if [ -n "${opt[package-files]:-}" ]; then
  count=0
  shopt -s nullglob dotglob
  for folder in info status.d; do
    directory="${opt[package-files]}/${folder}"
    [ -d "$directory" ] || continue
    for entry in "$directory"/*; do
      name="${entry##*/}"
      case "$name" in
        *.list) ext=.list ;;
        *.md5sums) ext=.md5sums ;;
        *) continue ;;
      esac
      stem="${name%"$ext"}"
      # As a path's extension: a name of dots and the extension (".list") has none.
      [[ "$stem" == *[!.]* ]] || continue
      # Read in place (an image has hundreds of these: no process per file), checked by the shell.
      why=""
      if [ -d "$entry" ]; then why="Is a directory"
      elif [ ! -e "$entry" ]; then why="No such file or directory"
      elif [ ! -r "$entry" ]; then why="Permission denied"
      fi
      if [ -n "$why" ]; then
        dpkg_problem="${dpkg_problem:-"${entry}: not readable (${entry}: ${why})"}"
        continue
      fi
      inputs+=(--rawfile "text${count}" "$entry" --arg "package${count}" "${stem%%:*}" --arg "ext${count}" "$ext")
      count=$((count + 1))
    done
  done
  shopt -u nullglob dotglob
  inputs+=(--argjson dpkg_files "$count")
else
  inputs+=(--argjson dpkg_files null)
fi

# The minified image's files and links (`docker export | tar -t`; directories end in /).
after_files_problem=""
if [ -n "${opt[after-files]:-}" ]; then
  if ! after_files_problem="$(copy_in "${opt[after-files]}" "$work/after-files.txt")"; then
    after_files_problem="${opt[after-files]}: not readable (${after_files_problem})"
  fi
  touch "$work/after-files.txt"
  inputs+=(--rawfile afterfiles "$work/after-files.txt")
else
  inputs+=(--argjson afterfiles null)
fi

sbom_path="${opt[sbom]:-}"
if [ -n "$sbom_path" ]; then
  inputs+=(--arg sbom_problem "$(json_copy "$sbom_path" "$work/sbom.json")")
  touch "$work/sbom.json"
  inputs+=(--rawfile sbom_text "$work/sbom.json")
else
  inputs+=(--arg sbom_problem "" --argjson sbom_text null)
fi

# --- Comparison and report ------------------------------------------------------------------------
# shellcheck disable=SC2016 # jq code, not shell
REPORT='
def SEVERITIES: ["CRITICAL", "HIGH", "MEDIUM", "LOW", "UNKNOWN"];
def LABELS: {CRITICAL: "Critical", HIGH: "High", MEDIUM: "Medium", LOW: "Low", UNKNOWN: "Unknown"};
def MARKER: "<!-- container-diff -->";
def BAR_WIDTH: 30;
def MAX_ROWS: 50;
def WS: "[\t\n\u000b\f\r\u001c-\u001f \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]";

def truthy: . != null and . != false and . != 0 and . != "" and . != [] and . != {};
# A value as text: None, True and False as the report has always spelled them.
def text: if type == "string" then . elif . == null then "None" elif . == true then "True"
  elif . == false then "False" else tostring end;
# Removes leading and trailing white space (a test first: most lines have none, and sub is slow).
def strip: if test("\\A" + WS + "|" + WS + "\\z") then sub("\\A" + WS + "+"; "") | sub(WS + "+\\z"; "") else . end;

# The first way a Trivy report breaks the shape this script reads, or nothing.
def scalar: type | . == "string" or . == "number" or . == "boolean" or . == "null";
def fields($where; $names): . as $o | first($names[] | select($o[.] | scalar | not)
  | "\($where).\(.) is not a text or a number") // empty;
def objects_in($where):
  if truthy and type != "array" then "\($where) is not a list"
  elif truthy then first(to_entries[] | select(.value | type != "object")
    | "\($where)[\(.key)] is not an object") // empty
  else empty end;
def result($where):
  (.Type | if type == "string" or type == "null" then empty else "\($where).Type is not a text" end),
  (.Vulnerabilities | objects_in("\($where).Vulnerabilities")),
  (.Vulnerabilities | if type == "array" then to_entries[] | .key as $i | .value
    | fields("\($where).Vulnerabilities[\($i)]"; ["VulnerabilityID", "PkgName", "InstalledVersion", "FixedVersion"])
    else empty end),
  (.Packages | objects_in("\($where).Packages")),
  (.Packages | if type == "array" then to_entries[] | .key as $i | .value
    | fields("\($where).Packages[\($i)]"; ["Name", "Version", "Release", "Epoch", "Arch"])
    else empty end);
def report_shape: if type != "object" or (has("ArtifactName") | not) then "no ArtifactName"
else first(
  (.ArtifactName | if scalar then empty else "ArtifactName is not a text or a number" end),
  (.Metadata | if truthy and type != "object" then "Metadata is not an object" else empty end),
  ((.Metadata | if truthy then . else {} end) as $md
    | ($md.Size | if type == "number" or type == "boolean" or type == "null" then empty
        else "Metadata.Size is not a number" end),
      ($md.OS | if truthy and type != "object" then "Metadata.OS is not an object"
        elif truthy then fields("Metadata.OS"; ["Family", "Name"]) else empty end)),
  (.Results | objects_in("Results")),
  (.Results | if type == "array" then to_entries[] | .key as $i | .value | result("Results[\($i)]")
    else empty end)
) // empty
end;

def relative: strip | until(startswith("./") | not; .[2:]) | until(startswith("/") | not; .[1:]);
def lines: split("\r\n") | join("\n") | split("\r") | join("\n") | split("\n");

# Exact decimal digits of a non-negative whole number, however large.
def divmod10: (. / 10 | floor) as $q | (. - $q * 10) as $r
  | if $r < 0 then [$q - 1, $r + 10] elif $r >= 10 then [$q + 1, $r - 10] else [$q, $r] end;
def digits:
  if . < 1e15 then tostring
  else
    # . = m * 2^k with m < 2^53: m in decimal digits, least significant first, doubled k times.
    [., 0] | until(.[0] < 9007199254740992; [.[0] / 2, .[1] + 1]) | . as [$m, $k]
    | [$m | recurse(divmod10[0]; . > 0) | divmod10[1]]
    | reduce range(0; $k) as $_ (.;
        reduce .[] as $d ({d: [], c: 0}; ($d * 2 + .c) as $v | .d += [$v % 10] | .c = (($v - $v % 10) / 10))
        | .d + (if .c > 0 then [.c] else [] end))
    | reverse | map(tostring) | join("")
  end;
def negative: . < 0 or (. == 0 and (tostring | startswith("-")));
# Rounds half to even, as format() and round() do on the exact binary value.
def half_even($whole; $above; $tie): if $tie then (if $whole % 2 == 0 then $whole else $whole + 1 end)
  elif $above then $whole + 1 else $whole end;
# A finite number with no decimal (format .0f) or one (format .1f), rounded exactly.
def fixed($decimals):
  (if negative then "-" else "" end) as $sign
  | fabs
  | if $decimals == 0 then
      floor as $f | (. - $f) as $d | half_even($f; $d > 0.5; $d == 0.5) | $sign + digits
    else
      # x * 10 exactly, as hi + lo (Dekker): the rounding sees the exact product.
      (. * 10) as $hi | (. * 134217729) as $c | ($c - ($c - .)) as $ah | (. - $ah) as $al
      | ((($ah * 10 - $hi) + $al * 10)) as $lo
      | ($hi | floor) as $f | ($hi - $f) as $d
      | half_even($f; $d > 0.5 or ($d == 0.5 and $lo > 0); $d == 0.5 and $lo == 0)
      | (. / 10 | floor) as $w | (. - $w * 10) as $r
      | (if $r < 0 then [$w - 1, $r + 10] elif $r >= 10 then [$w + 1, $r - 10] else [$w, $r] end) as [$w, $r]
      | $sign + ($w | digits) + "." + ($r | tostring)
    end;
def pyround: floor as $f | (. - $f) as $d | half_even($f; $d > 0.5; $d == 0.5);

# Percent-encodes all but letters, digits, "_.-~" and $safe, byte by byte of UTF-8.
def quote($safe):
  def hex: "0123456789ABCDEF"[. / 16 | floor:(. / 16 | floor) + 1] + "0123456789ABCDEF"[. % 16:. % 16 + 1];
  [explode[] | . as $c | [$c] | implode as $ch
    | if ($c >= 48 and $c <= 57) or ($c >= 65 and $c <= 90) or ($c >= 97 and $c <= 122)
        or (("_.-~" + $safe) | index($ch)) != null then $ch
      else (if $c < 128 then [$c]
        elif $c < 2048 then [192 + ($c / 64 | floor), 128 + $c % 64]
        elif $c < 65536 then [224 + ($c / 4096 | floor), 128 + ($c / 64 | floor) % 64, 128 + $c % 64]
        else [240 + ($c / 262144 | floor), 128 + ($c / 4096 | floor) % 64, 128 + ($c / 64 | floor) % 64, 128 + $c % 64]
        end) | map("%" + hex) | join("")
      end] | join("");

def severity: (if has("Severity") then .Severity else "UNKNOWN" end)
  | (if type == "string" then split("\u0131") | join("I") | ascii_upcase else "" end) as $s
  | if any(SEVERITIES[]; . == $s) then $s else "UNKNOWN" end;
def has_fix: (.FixedVersion | truthy) or .Status == "fixed";
def finding_key: [.VulnerabilityID, .PkgName, .InstalledVersion];
def counts: reduce (.[] | severity) as $s (SEVERITIES | map({key: ., value: 0}) | from_entries; .[$s] += 1);

# What the report needs from one Trivy JSON report.
def scan($override):
  (.Results | if truthy then . else [] end) as $results
  | (.Metadata | if truthy then . else {} end) as $md
  | ($md.OS | if truthy then . else {} end) as $os
  | [$results[] | .Packages | select(type == "array") | length] as $listed
  | {
      name: (.ArtifactName | text),
      # Trivy says "none" when it found no OS.
      os: ($os.Family | if truthy and . != "none" then . else null end),
      size: (if $override != null then $override else $md.Size end
        | if . == true then 1 elif . == false then 0 else . end),
      # Packages are listed only with --list-all-pkgs; without them the count is unknown.
      packages: (if ($listed | length) > 0 or ($results | length) == 0 then $listed | add // 0 else null end),
      findings: [$results[] | .Vulnerabilities | if truthy then .[] else empty end],
      results: $results,
      # Ecosystems Trivy could read (e.g. "debian"): it lists all their packages.
      types: [$results[] | .Type | select(truthy)],
      os_name: $os.Name,
      kept: []
    };

def full_version:
  (if .Epoch | truthy then (.Epoch | text) + ":" else "" end)
  + (if has("Version") then .Version | text else "" end)
  + (if .Release | truthy then "-" + (.Release | text) else "" end);

# The before scan s findings and OS packages left in the minified image, unseen by its scan: a
# package remains unless its ecosystem is visible in the after scan (then that scan decides) or the
# evidence shows none of its files survived; no evidence keeps it (fail closed).
def carried_over($before; $after; $owned; $after_files):
  [$before.results[] | select(.Type as $t | any($after.types[]; . == $t) | not)
    | (.Class == "os-pkgs") as $is_os
    | def remains: (if $is_os and $owned != null and type == "string" then $owned[.] else null end) as $files
        | $after_files == null or $files == null or any($files[]; . as $f | $after_files | bsearch($f) >= 0);
      {
        findings: [.Vulnerabilities | if truthy then .[] else empty end | select(.PkgName | remains)],
        packages: (if $is_os then .Type as $family
          | [.Packages | if truthy then .[] else empty end | select(.Name | remains)
              | {name: .Name, version: full_version, arch: .Arch, family: $family, os: $before.os_name}]
          else [] end)
      }]
  | {findings: map(.findings[]), packages: map(.packages[])};

def purl:
  ([["arch", .arch], ["distro", (if .os | truthy then "\(.family | text)-\(.os | text)" else null end)]]
    | map(select(.[1] | truthy) | "\(.[0])=\(.[1] | text | quote(".-_"))") | join("&")) as $query
  | "pkg:deb/\(.family | text)/\(.name | text | quote(".+-_"))@\(.version | quote(".+~-_"))"
    + (if $query != "" then "?" + $query else "" end);

# Adds the remaining OS packages to the minified image s CycloneDX SBOM (its scan missed them).
# A text instead of the SBOM: what makes it unusable.
def add_to_sbom($packages):
  if has("components") and (.components | type | . == "null" or . == "number" or . == "boolean"
      or ((. == "object" or . == "string") and ($packages | length) > 0)) then
    "components is not a list"
  else
  if has("components") then . else .components = [] end
  | [.components[] | objects | .purl] as $present
  | reduce ($packages[] | {package: ., ref: purl} | select(.ref as $r | any($present[]; . == $r) | not)) as $p (.;
      .components += [{
        "bom-ref": $p.ref, type: "library", name: $p.package.name, version: $p.package.version, purl: $p.ref,
        properties: [{name: "golden-path:evidence",
          value: "listed before minification; its files remain, not its database"}]
      }])
  end;

def human_size:
  if . == null then "n/a"
  else {value: ., units: ["B", "KiB", "MiB", "GiB"]}
    | until((.value | fabs) < 1024 or .units[0] == "GiB"; .value /= 1024 | .units |= .[1:])
    | if .units[0] == "B" then (.value | fixed(0)) + " B" else (.value | fixed(1)) + " " + .units[0] end
  end;

def change($before; $after; $as_size):
  if $before == null or $after == null then "n/a"
  else ($after - $before) as $delta
    | (if $delta > 0 then "+" elif $delta < 0 then "−" else "±" end) as $sign
    | ($delta | fabs | if $as_size then human_size else digits end) as $text
    | $sign + $text
      + (if $before | truthy then " (\($sign)\(($delta | fabs) / $before * 100 | fixed(1))%)" else "" end)
  end;

# Scan data is untrusted text: keep it inside one table cell and inert.
def cell:
  (if . == null then "" else text end)
  | [splits(WS + "+") | select(. != "")] | join(" ")
  | split("\\") | join("\\\\") | split("|") | join("\\|") | split("`") | join("\\`")
  | split("*") | join("\\*") | split("_") | join("\\_") | split("~") | join("\\~")
  | split("[") | join("\\[") | split("]") | join("\\]") | split("<") | join("&lt;") | split(">") | join("&gt;")
  | if . == "" then "—" else . end;

# A bar scaled to the largest count, followed by the count itself.
def bar($count; $largest):
  if $count > 0 then ([1, ($count / $largest * BAR_WIDTH | pyround)] | max) as $n
    | ([range(0; $n) | "█"] | join("")) + " \($count)"
  else $count | tostring end;

def pad9: . + (" " * (9 - length) // "");

def chart($before; $after):
  ([SEVERITIES[] as $s | $before.counts[$s], $after.counts[$s]] + [1] | max) as $largest
  | [SEVERITIES[] as $s
      | "\(LABELS[$s] | pad9) before \(bar($before.counts[$s]; $largest))",
        "\("" | pad9) after  \(bar($after.counts[$s]; $largest))"]
  | join("\n");

def render($before; $after; $failures):
  ($before.findings | length) as $total_before | ($after.findings | length) as $total_after
  | ($before.findings | map(finding_key) | unique) as $before_keys
  | ($after.findings | map(finding_key) | unique) as $after_keys
  | ($before_keys - $after_keys | length) as $removed
  | ($after_keys - $before_keys | length) as $added
  | ([$failures[] | select(severity == "CRITICAL")] | length) as $critical
  | [
      ["Image size", ($before.size | human_size), ($after.size | human_size), change($before.size; $after.size; true)],
      ["Packages", ($before.packages // "n/a"), ($after.packages // "n/a"), change($before.packages; $after.packages; false)],
      (SEVERITIES[] as $s | ["\(LABELS[$s]) vulnerabilities", $before.counts[$s], $after.counts[$s],
        change($before.counts[$s]; $after.counts[$s]; false)]),
      ["All vulnerabilities", $total_before, $total_after, change($total_before; $total_after; false)]
    ] as $rows
  | [
      MARKER,
      "## Container diff: \($before.name | cell) → \($after.name | cell)",
      "",
      (if ($failures | length) > 0 then
        "**Gate: failed** — the minified image has \($critical) critical and \(($failures | length) - $critical) fixable high finding(s)."
      else "**Gate: passed** — no critical finding and no high finding with a fix available." end),
      "",
      "| | Before | After | Change |",
      "| --- | ---: | ---: | ---: |",
      ($rows[] | "| \(.[0]) | \(.[1]) | \(.[2]) | \(.[3]) |"),
      # mint drops files the app never opened, the package database among them: Trivy then cannot
      # see the OS packages left in the image; they are carried over from the before scan.
      (if ($before.os | truthy) and ($after.os | truthy | not) then
        ([$after.kept[:MAX_ROWS][] | "\(.name | cell) \(.version | cell)"] | join(", ")
          | if . == "" then "none" else . end) as $kept
        | "",
          "> **Note:** the minified image has no OS package database (\($before.os | cell) before), so its scan cannot list OS packages. The OS packages of the before scan whose files remain keep their findings in the After column and the gate: \($kept)."
      else empty end),
      "",
      "Minification removed \($removed) finding(s) and introduced \($added).",
      "",
      "```text",
      chart($before; $after),
      "```",
      (if ($failures | length) > 0 then
        ($failures | sort_by([(severity as $s | SEVERITIES | index($s)), (.VulnerabilityID | text)])) as $ordered
        | "",
          "### Findings that fail the gate",
          "",
          "| Severity | Vulnerability | Package | Installed | Fixed in |",
          "| --- | --- | --- | --- | --- |",
          ($ordered[:MAX_ROWS][]
            | "| \(severity) | \(.VulnerabilityID | cell) | \(.PkgName | cell) | \(.InstalledVersion | cell) | \(.FixedVersion | cell) |"),
          (if ($ordered | length) > MAX_ROWS then
            "\n…and \(($ordered | length) - MAX_ROWS) more: see the Trivy report artifact." else empty end)
      else empty end)
    ]
  | join("\n") + "\n";

# Reads a JSON text as a strict reader does: {value} or {why}.
def parse($text; $problem):
  if $problem != "" then {why: $problem}
  else $text | try {value: fromjson} catch {why: (tostring | split(" (while parsing ")[0])} end;

parse($before_text; $before_problem) as $b
| parse($after_text; $after_problem) as $a
| (if $sbom_text == null then null else parse($sbom_text; $sbom_problem) end) as $s
| first(
    ($b | select(.why) | ["before", "json", .why]),
    ($b.value | report_shape | ["before", "shape", .]),
    ($a | select(.why) | ["after", "json", .why]),
    ($a.value | report_shape | ["after", "shape", .]),
    (select($dpkg_problem != "") | ["dpkg", "", ""]),
    (select($after_files_problem != "") | ["after-files", "", ""]),
    ($s | select(. != null and .why) | ["sbom", "json", .why]),
    ($s | select(. != null) | .value | select(type != "object" or .bomFormat != "CycloneDX")
      | ["sbom", "shape", "no bomFormat CycloneDX"])
  ) // null
| if . != null then "error\n\(.[0])\n\(.[1])\n\(.[2])"
  else
    ($b.value | scan($before_size)) as $before0
    | ($a.value | scan($after_size)) as $after0
    # Built whole (group_by, unique), not key by key: an image has tens of thousands of paths.
    | (if $dpkg_files == null then null
       else [range(0; $dpkg_files) as $i | $ARGS.named["ext\($i)"] as $ext | $ARGS.named["package\($i)"] as $package
           | $ARGS.named["text\($i)"] | lines[]
           # .md5sums: "<md5>  <path>"; .list: one absolute path a line (directories too).
           | (if $ext == ".md5sums" and (split("  ") | length) > 1 then split("  ")[1:] | join("  ") else . end)
           | relative | select(. != "" and . != ".") | [$package, .]]
         | reduce group_by(.[0])[] as $group ({}; .[$group[0][0]] = [$group[][1]])
       end) as $owned
    # A sorted list, searched by bsearch.
    | (if $afterfiles == null then null
       else [$afterfiles | lines[] | select((strip | length) > 0 and (endswith("/") | not)) | relative] | unique
       end) as $after_files
    | carried_over($before0; $after0; $owned; $after_files) as $kept
    | ($before0 | .counts = (.findings | counts)) as $before
    | ($after0 | .findings += $kept.findings | .kept = $kept.packages
        | .packages = (if .packages == null then null else .packages + ($kept.packages | length) end)
        | .counts = (.findings | counts)) as $after
    | [$after.findings[] | severity as $s | select($s == "CRITICAL" or ($s == "HIGH" and has_fix))] as $failures
    | (if $s == null then null else $s.value | add_to_sbom($after.kept) end) as $new_sbom
    # Framed for the shell: the number of failures on the first line, the SBOM (if any) on the
    # second, then the Markdown.
    | if $new_sbom | type == "string" then "error\nsbom\nshape\n\($new_sbom)"
      else "\($failures | length)\n" + (if $s == null then "" else ($new_sbom | tojson) + "\n" end)
        + render($before; $after; $failures)
      end
  end
'

if ! jq -n -j "${inputs[@]}" --arg dpkg_problem "$dpkg_problem" --arg after_files_problem "$after_files_problem" \
  --argjson before_size "$before_size" --argjson after_size "$after_size" "$REPORT" >"$work/result"; then
  input_error "could not compare the reports (see the jq error above)"
fi
{
  IFS= read -r status || true
  if [ "$status" = error ]; then
    IFS= read -r input || true
    IFS= read -r kind || true
    why="$(cat)"
    case "${input}/${kind}" in
      before/json) input_error "${before_path}: not a readable JSON file (${why})" ;;
      before/shape) input_error "${before_path}: not a Trivy JSON report (${why})" ;;
      after/json) input_error "${after_path}: not a readable JSON file (${why})" ;;
      after/shape) input_error "${after_path}: not a Trivy JSON report (${why})" ;;
      dpkg/) input_error "$dpkg_problem" ;;
      after-files/) input_error "$after_files_problem" ;;
      sbom/json) input_error "${sbom_path}: not a readable CycloneDX JSON file (${why})" ;;
      sbom/shape) input_error "${sbom_path}: not a CycloneDX SBOM (${why})" ;;
      *) input_error "could not compare the reports (no verdict from jq)" ;;
    esac
  fi
  if [ -n "$sbom_path" ]; then IFS= read -r sbom_json || true; fi
  cat >"$work/report.md"
} <"$work/result"
# Anything but a count here is a fault of this script, never a verdict.
if ! [[ "$status" =~ ^[0-9]+$ ]] || { [ -n "$sbom_path" ] && [ -z "${sbom_json:-}" ]; }; then
  input_error "could not compare the reports (no verdict from jq)"
fi
failures="$status"

# Written as a strict JSON writer does: two spaces, every character outside ASCII escaped.
if [ -n "$sbom_path" ] && ! printf '%s' "$sbom_json" | jq -a --indent 2 . >"$sbom_path"; then
  input_error "${sbom_path}: not writable"
fi
if [ -n "${opt[output]:-}" ]; then
  cat "$work/report.md" >"${opt[output]}" || input_error "${opt[output]}: not writable"
else
  cat "$work/report.md"
fi
if [ "$failures" -gt 0 ]; then
  printf 'container-diff: gate failed: %s finding(s) are critical or high with a fix\n' "$failures" >&2
  exit 1
fi
exit 0
