"""Translates template.yaml into the CloudFormation the SAM transform makes,
with the pinned aws-sam-translator, offline (no AWS call): writes JSON.

usage: translate.py TEMPLATE OUT.json
"""
import json
import os
import sys

from samtranslator.model.exceptions import InvalidDocumentException
from samtranslator.translator.transform import transform
from samtranslator.yaml_helper import yaml_parse


class NoManagedPolicies:
    """The template names no managed policy by name, so none is looked up."""

    def load(self):
        return {}


def main(src, dst):
    # The translator fills AWS::Region into a few ARNs; any region will do.
    os.environ.setdefault("AWS_DEFAULT_REGION", "eu-central-1")
    with open(src, encoding="utf-8") as f:
        template = yaml_parse(f.read())
    # As `sam package` does: code is an S3 object once built and uploaded.
    template.get("Globals", {}).get("Function", {}).pop("CodeUri", None)
    for name, res in template["Resources"].items():
        if res["Type"] == "AWS::Serverless::Function":
            res["Properties"]["CodeUri"] = "s3://artifacts-bucket/%s.zip" % name
    try:
        out = transform(template, {}, NoManagedPolicies())
    except InvalidDocumentException as e:
        for cause in e.causes:
            print("translate:", cause.message, file=sys.stderr)
        sys.exit(1)
    with open(dst, "w", encoding="utf-8") as f:
        json.dump(out, f, indent=1, sort_keys=True, default=str)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
