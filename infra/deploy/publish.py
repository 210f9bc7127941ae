"""The steps of `make deploy` that talk to AWS besides SAM: read the stack's
outputs, upload the built web client to the web bucket, invalidate
CloudFront, and read samconfig.toml. It uses boto3 from the SAM CLI's
virtualenv and the standard AWS_* variables (AWS_ENDPOINT_URL points it at
moto in the dry run of make test).

usage:
  publish.py param ENV NAME             a parameter_overrides value of samconfig.toml ("" if absent)
  publish.py overrides ENV              the parameter_overrides of samconfig.toml as written
  publish.py stack-name ENV             the stack name samconfig.toml gives ENV
  publish.py outputs STACK              the stack's outputs as KEY=VALUE lines ("" if no stack)
  publish.py upload BUCKET DIST DIST_ID upload DIST, delete stale files, invalidate /*
"""
import mimetypes
import os
import shlex
import sys
import time
import tomllib

import boto3
from botocore.exceptions import ClientError

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def samconfig(env):
    with open(os.path.join(ROOT, "samconfig.toml"), "rb") as f:
        cfg = tomllib.load(f)
    section = cfg.get(env, {})
    overrides = section.get("deploy", {}).get("parameters", {}).get("parameter_overrides", "")
    if isinstance(overrides, list):
        overrides = " ".join(overrides)
    params = dict(p.split("=", 1) for p in shlex.split(overrides) if "=" in p)
    return section.get("global", {}).get("parameters", {}).get("stack_name", ""), params, overrides


def outputs(stack):
    cfn = boto3.client("cloudformation")
    try:
        st = cfn.describe_stacks(StackName=stack)["Stacks"][0]
    except ClientError as e:
        if "does not exist" in str(e):
            return {}
        raise
    return {o["OutputKey"]: o["OutputValue"] for o in st.get("Outputs", [])}


# index.html must be fetched anew after every deploy; hashed assets never change.
def cache_control(key):
    if key.startswith("assets/"):
        return "public, max-age=31536000, immutable"
    return "no-cache"


def upload(bucket, dist, distribution_id):
    s3 = boto3.client("s3")
    keys = set()
    for folder, _, files in os.walk(dist):
        for name in files:
            path = os.path.join(folder, name)
            key = os.path.relpath(path, dist).replace(os.sep, "/")
            ctype = mimetypes.guess_type(name)[0] or "application/octet-stream"
            if ctype.startswith("text/") or ctype in ("application/javascript", "application/json"):
                ctype += "; charset=utf-8"
            s3.upload_file(path, bucket, key, ExtraArgs={"ContentType": ctype, "CacheControl": cache_control(key)})
            keys.add(key)
    if not keys:
        sys.exit("publish: %s is empty; build the web client first" % dist)
    stale = []
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket):
        stale += [o["Key"] for o in page.get("Contents", []) if o["Key"] not in keys]
    for i in range(0, len(stale), 1000):
        s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": k} for k in stale[i:i + 1000]]})
    inv = boto3.client("cloudfront").create_invalidation(
        DistributionId=distribution_id,
        InvalidationBatch={"Paths": {"Quantity": 1, "Items": ["/*"]}, "CallerReference": "deploy-%d" % time.time_ns()})
    print("uploaded %d files to s3://%s (removed %d stale), invalidation %s on %s" % (
        len(keys), bucket, len(stale), inv["Invalidation"]["Id"], distribution_id))


def main(argv):
    cmd = argv[1]
    if cmd == "param":
        print(samconfig(argv[2])[1].get(argv[3], ""))
    elif cmd == "overrides":
        print(samconfig(argv[2])[2])
    elif cmd == "stack-name":
        print(samconfig(argv[2])[0])
    elif cmd == "outputs":
        for k, v in outputs(argv[2]).items():
            print("%s=%s" % (k, v))
    elif cmd == "upload":
        upload(argv[2], argv[3], argv[4])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
