"""Reads cfn-lint's and checkov's JSON reports, compares their findings with
the baseline, prints the counts and every finding the baseline does not
accept, and fails if there is one.

usage: findings.py BASELINE CFN_LINT.json CHECKOV.json
"""
import json
import sys


def load_baseline(path):
    accepted = {}
    for line in open(path, encoding="utf-8"):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        rule, reason = line.split("|", 1)
        tool, rule_id, resource = rule.split()
        if not reason.strip():
            sys.exit("baseline: %s %s %s has no reason" % (tool, rule_id, resource))
        accepted[(tool, rule_id, resource)] = reason.strip()
    return accepted


def cfn_lint(path):
    for f in json.load(open(path, encoding="utf-8")):
        where = f["Location"]["Path"]
        resource = where[1] if len(where) > 1 and where[0] == "Resources" else "-"
        yield ("cfn-lint", f["Rule"]["Id"], resource, f["Filename"].split("/")[-1], f["Message"].splitlines()[0][:160])


def checkov(path):
    reports = json.load(open(path, encoding="utf-8"))
    for rep in reports if isinstance(reports, list) else [reports]:
        if rep.get("summary", {}).get("parsing_errors"):
            sys.exit("checkov could not parse %s" % rep)
        for f in rep["results"]["failed_checks"]:
            yield ("checkov", f["check_id"], f["resource"].split(".")[-1], f["file_path"].split("/")[-1], f["check_name"])


def main(baseline, lint_report, checkov_report):
    accepted = load_baseline(baseline)
    used, new = set(), []
    counts = {"cfn-lint": [0, 0], "checkov": [0, 0]}
    for tool, rule, resource, file, text in list(cfn_lint(lint_report)) + list(checkov(checkov_report)):
        counts[tool][0] += 1
        key = next((k for k in [(tool, rule, resource), (tool, rule, "*")] if k in accepted), None)
        if key:
            used.add(key)
            counts[tool][1] += 1
        else:
            new.append("%s %s %s (%s): %s" % (tool, rule, resource, file, text))
    for tool, (n, ok) in counts.items():
        print("%s: %d findings, %d accepted by the baseline, %d not" % (tool, n, ok, n - ok))
    for k in sorted(set(accepted) - used):
        print("baseline entry matched nothing (remove it): %s %s %s" % k)
    for line in new:
        print("FINDING:", line)
    return 1 if new else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
