"""Template tests over the CloudFormation the SAM translator makes from
template.yaml: what operations.md promises of a deployed stack, checked on
the resources AWS would create (not on the SAM shorthand).

usage: template_test.py TRANSLATED.json
Prints the counts per function and "template: N passed, M failed".
"""
import json
import re
import sys

failures = []
passed = 0


def check(ok, what):
    global passed
    if ok:
        passed += 1
    else:
        failures.append(what)


def ref_of(v):
    """The logical id a {"Ref": id} or {"Fn::GetAtt": [id, ...]} names."""
    if isinstance(v, dict):
        if "Ref" in v:
            return v["Ref"]
        if "Fn::GetAtt" in v:
            ga = v["Fn::GetAtt"]
            return ga[0] if isinstance(ga, list) else ga.split(".")[0]
    return None


def carries_stack_name(v):
    """Whether a physical name is built from the stack's name."""
    if isinstance(v, dict):
        if "Fn::Sub" in v:
            sub = v["Fn::Sub"]
            text = sub if isinstance(sub, str) else sub[0]
            return "${AWS::StackName}" in text
        if "Fn::Join" in v:
            return any(carries_stack_name(p) or p == {"Ref": "AWS::StackName"} for p in v["Fn::Join"][1])
        if "Fn::If" in v:
            return all(carries_stack_name(b) for b in v["Fn::If"][1:])
    return False


# Where each resource type keeps its physical name, as a path into Properties.
NAME_PATHS = {
    "AWS::S3::Bucket": ["BucketName"],
    "AWS::SQS::Queue": ["QueueName"],
    "AWS::DynamoDB::Table": ["TableName"],
    "AWS::Logs::LogGroup": ["LogGroupName"],
    "AWS::Scheduler::Schedule": ["Name"],
    "AWS::SecretsManager::Secret": ["Name"],
    "AWS::SNS::Topic": ["TopicName"],
    "AWS::CloudWatch::Alarm": ["AlarmName"],
    "AWS::SES::ConfigurationSet": ["Name"],
    "AWS::Lambda::Function": ["FunctionName"],
    "AWS::IAM::Role": ["RoleName"],
    "AWS::CloudFront::Function": ["Name"],
    "AWS::CloudFront::OriginAccessControl": ["OriginAccessControlConfig", "Name"],
    "AWS::CloudFront::ResponseHeadersPolicy": ["ResponseHeadersPolicyConfig", "Name"],
    "AWS::Backup::BackupVault": ["BackupVaultName"],
    "AWS::Backup::BackupPlan": ["BackupPlan", "BackupPlanName"],
}

# Resources CloudFormation names itself "<stack>-<logical id>-<random>" when
# no name is given: an absent name carries the stack name.
GENERATED_WITH_STACK = {"AWS::DynamoDB::Table", "AWS::Lambda::Function", "AWS::IAM::Role", "AWS::SNS::Topic",
                        "AWS::SQS::Queue", "AWS::S3::Bucket", "AWS::Logs::LogGroup", "AWS::CloudWatch::Alarm"}

# The managed policies SAM attaches: logging and tracing only.
ALLOWED_MANAGED = {"arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
                   "arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess"}


def dig(props, path):
    for p in path:
        if not isinstance(props, dict) or p not in props:
            return None
        props = props[p]
    return props


def actions(statement):
    a = statement.get("Action", [])
    return [a] if isinstance(a, str) else a


def main(path):
    res = json.load(open(path, encoding="utf-8"))["Resources"]
    by_type = {}
    for lid, r in res.items():
        by_type.setdefault(r["Type"], []).append(lid)

    functions = sorted(by_type.get("AWS::Lambda::Function", []))
    check(len(functions) >= 11, "want at least 11 functions, got %d" % len(functions))

    # Alarms by the function their FunctionName dimension names.
    alarms = {}
    for lid in by_type.get("AWS::CloudWatch::Alarm", []):
        p = res[lid]["Properties"]
        for d in p.get("Dimensions", []):
            if d["Name"] == "FunctionName":
                alarms.setdefault(ref_of(d["Value"]), []).append(p["MetricName"])
    invoke_configs = {ref_of(res[l]["Properties"]["FunctionName"]): res[l]["Properties"]
                      for l in by_type.get("AWS::Lambda::EventInvokeConfig", [])}
    # Asynchronous callers: S3 notifications and schedules (Lambda
    # permissions from s3 or a schedule's target).
    async_fns = set()
    for lid in by_type.get("AWS::Lambda::Permission", []):
        p = res[lid]["Properties"]
        if p.get("Principal") == "s3.amazonaws.com":
            async_fns.add(ref_of(p["FunctionName"]))
    for lid in by_type.get("AWS::Scheduler::Schedule", []):
        async_fns.add(ref_of(res[lid]["Properties"]["Target"]["Arn"]))

    print("%-26s %6s %-26s %-24s %4s %8s" % ("function", "alarms", "log group", "retention", "DLQ", "actions"))
    for fn in functions:
        p = res[fn]["Properties"]
        lg = ref_of(dig(p, ["LoggingConfig", "LogGroup"]))
        retention = lg and dig(res.get(lg, {}).get("Properties", {}), ["RetentionInDays"])
        check(lg in res and res[lg]["Type"] == "AWS::Logs::LogGroup", "%s: no log group of its own" % fn)
        check(retention is not None, "%s: its log group has no retention" % fn)
        check(dig(p, ["LoggingConfig", "LogFormat"]) == "JSON", "%s: logs are not JSON" % fn)
        kinds = alarms.get(fn, [])
        for metric in ("Errors", "Throttles", "Duration"):
            check(metric in kinds, "%s: no %s alarm" % (fn, metric))
        role = ref_of(p["Role"])
        rp = res[role]["Properties"]
        check(set(rp.get("ManagedPolicyArns", [])) <= ALLOWED_MANAGED,
              "%s: managed policies beyond logging/tracing: %s" % (fn, rp.get("ManagedPolicyArns")))
        n_actions = 0
        for pol in rp.get("Policies", []):
            for st in pol["PolicyDocument"]["Statement"]:
                for a in actions(st):
                    n_actions += 1
                    check("*" not in a, "%s: wildcard action %s" % (fn, a))
                    check(a != "dynamodb:Scan", "%s: may Scan, and nothing scans" % fn)
        check(n_actions > 0, "%s: no explicit policy" % fn)
        dlq = "-"
        if fn in async_fns:
            ic = invoke_configs.get(fn)
            check(ic is not None and ic.get("MaximumRetryAttempts") is not None,
                  "%s: asynchronous without a retry limit" % fn)
            target = ic and ref_of(dig(ic, ["DestinationConfig", "OnFailure", "Destination"]))
            check(target is not None, "%s: asynchronous without a dead-letter target" % fn)
            dlq = target or "none"
        shown = ("param " + retention["Ref"]) if isinstance(retention, dict) and "Ref" in retention else retention
        print("%-26s %6d %-26s %-24s %4s %8d" % (fn, len(kinds), lg or "none", shown or "none",
                                               "yes" if dlq not in ("-", "none") else dlq, n_actions))

    for lid in by_type.get("AWS::Scheduler::Schedule", []):
        t = res[lid]["Properties"]["Target"]
        check("RetryPolicy" in t and "MaximumRetryAttempts" in t["RetryPolicy"], "%s: no retry policy" % lid)
        check(ref_of(dig(t, ["DeadLetterConfig", "Arn"])) is not None, "%s: no dead-letter queue" % lid)

    for t in ("AWS::DynamoDB::Table", "AWS::S3::Bucket"):
        for lid in by_type.get(t, []):
            r = res[lid]
            check(r.get("DeletionPolicy") == "Retain" and r.get("UpdateReplacePolicy") == "Retain",
                  "%s: not Retain on delete and replace" % lid)
    for lid in by_type.get("AWS::DynamoDB::Table", []):
        p = res[lid]["Properties"]
        check(p.get("DeletionProtectionEnabled") is True, "%s: no deletion protection" % lid)
        check(dig(p, ["PointInTimeRecoverySpecification", "PointInTimeRecoveryEnabled"]) is True, "%s: no PITR" % lid)
    photos = res.get("PhotosBucket", {}).get("Properties", {})
    check(dig(photos, ["VersioningConfiguration", "Status"]) == "Enabled", "PhotosBucket: not versioned")

    names = 0
    for t, path in NAME_PATHS.items():
        for lid in by_type.get(t, []):
            v = dig(res[lid]["Properties"], path)
            if v is None:
                check(t in GENERATED_WITH_STACK, "%s (%s): CloudFormation names it without the stack name" % (lid, t))
                continue
            names += 1
            check(carries_stack_name(v), "%s: physical name %s lacks the stack name" % (lid, json.dumps(v)))

    stages = [res[l]["Properties"] for l in by_type.get("AWS::ApiGatewayV2::Stage", [])]
    check(len(stages) == 1, "want one API stage")
    for st in stages:
        d = st.get("DefaultRouteSettings", {})
        check(d.get("ThrottlingRateLimit") and d.get("ThrottlingBurstLimit"), "API stage: not throttled")
        login = dig(st, ["RouteSettings", "POST /api/auth/login"]) or {}
        check(login.get("ThrottlingRateLimit", 1e9) < d.get("ThrottlingRateLimit", 0),
              "API stage: login not throttled tighter than the rest")
        check("AccessLogSettings" in st, "API stage: no access log")

    other = {"api 5xx": ("AWS/ApiGateway", "5xx"), "api latency": ("AWS/ApiGateway", "Latency"),
             "failed-events depth": ("AWS/SQS", "ApproximateNumberOfMessagesVisible"),
             "ses bounce rate": ("AWS/SES", "Reputation.BounceRate"),
             "ses complaint rate": ("AWS/SES", "Reputation.ComplaintRate")}
    present = {(json.dumps(res[l]["Properties"].get("Namespace")).strip('"'), res[l]["Properties"].get("MetricName"))
               for l in by_type.get("AWS::CloudWatch::Alarm", [])}
    for what, key in other.items():
        check(key in present, "no alarm on %s" % what)
    ddb = [l for l in by_type.get("AWS::CloudWatch::Alarm", []) if any(
        dig(m, ["MetricStat", "Metric", "Namespace"]) == "AWS/DynamoDB" for m in res[l]["Properties"].get("Metrics", []))]
    check(len(ddb) > 0, "no alarm on DynamoDB throttles")
    topics = {ref_of(a) for l in by_type.get("AWS::CloudWatch::Alarm", []) for a in res[l]["Properties"].get("AlarmActions", [])}
    check(len(topics) == 1, "alarms should notify one topic, got %s" % topics)
    filters = [res[l]["Properties"] for l in by_type.get("AWS::Logs::MetricFilter", [])]
    check(any("gaveUp" in f["FilterPattern"] for f in filters), "no metric filter on gave-up log lines")

    print("counted: %d functions, %d alarms, %d log groups, %d dead-letter targets, %d physical names, %d metric filters" % (
        len(functions), len(by_type.get("AWS::CloudWatch::Alarm", [])), len(by_type.get("AWS::Logs::LogGroup", [])),
        sum(1 for fn in functions if fn in invoke_configs) + len(by_type.get("AWS::Scheduler::Schedule", [])),
        names, len(filters)))
    for f in failures:
        print("FAIL:", f)
    print("template: %d passed, %d failed" % (passed, len(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
