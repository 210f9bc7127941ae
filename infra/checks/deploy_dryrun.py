"""Dry run of `make deploy`'s publishing against moto: makes a web bucket
and a CloudFront distribution there, runs infra/deploy/deploy.sh with
DEPLOY_DRY_RUN=1, and checks that every file of web/dist is in the bucket
with its content type and that an invalidation of /* was made.

usage (moto at AWS_ENDPOINT_URL): deploy_dryrun.py
"""
import os
import subprocess
import sys
import uuid

import boto3

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def main():
    s3, cf = boto3.client("s3"), boto3.client("cloudfront")
    bucket = "dryrun-web-%s" % uuid.uuid4().hex[:8]
    s3.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": os.environ["AWS_DEFAULT_REGION"]})
    s3.put_object(Bucket=bucket, Key="assets/old-build.js", Body=b"stale")  # a previous deploy's file
    dist = cf.create_distribution(DistributionConfig={
        "CallerReference": bucket, "Comment": "dry run", "Enabled": True,
        "Origins": {"Quantity": 1, "Items": [{"Id": "web", "DomainName": bucket + ".s3.amazonaws.com",
                                              "S3OriginConfig": {"OriginAccessIdentity": ""}}]},
        "DefaultCacheBehavior": {"TargetOriginId": "web", "ViewerProtocolPolicy": "redirect-to-https",
                                 "CachePolicyId": "658327ea-f89d-4fab-a63d-7e88639e58f6"}})["Distribution"]
    env = dict(os.environ, DEPLOY_DRY_RUN="1",
               DEPLOY_OUTPUTS="WebBucketName=%s DistributionId=%s WebURL=https://%s" % (bucket, dist["Id"], dist["DomainName"]))
    subprocess.run(["bash", "infra/deploy/deploy.sh"], cwd=ROOT, env=env, check=True, timeout=900)

    failures = []
    want = {}
    for folder, _, files in os.walk(os.path.join(ROOT, "web/dist")):
        for name in files:
            path = os.path.join(folder, name)
            want[os.path.relpath(path, os.path.join(ROOT, "web/dist"))] = os.path.getsize(path)
    got = {o["Key"]: o["Size"] for o in s3.list_objects_v2(Bucket=bucket).get("Contents", [])}
    if got != want:
        failures.append("bucket holds %s, want web/dist's %s" % (sorted(got), sorted(want)))
    head = s3.head_object(Bucket=bucket, Key="index.html")
    if not head["ContentType"].startswith("text/html") or head.get("CacheControl") != "no-cache":
        failures.append("index.html uploaded as %s, %s" % (head["ContentType"], head.get("CacheControl")))
    inv = cf.list_invalidations(DistributionId=dist["Id"])["InvalidationList"]
    if inv.get("Quantity", 0) != 1:
        failures.append("want one invalidation, got %s" % inv)
    for f in failures:
        print("FAIL:", f)
    print("deploy dry run: %d files uploaded, %d stale removed, %d invalidation(s); %d passed, %d failed" % (
        len(got), 1 if "assets/old-build.js" not in got else 0, inv.get("Quantity", 0), 4 - len(failures), len(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
