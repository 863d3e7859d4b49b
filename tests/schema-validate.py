#!/usr/bin/python3
"""Validate YAML files against a JSON Schema with python3-jsonschema, a
validator sanfen does not share code with.

usage: schema-validate.py SCHEMA FILE...

Dates stay strings, as sanfen reads them. Prints each failing file with the
JSON path and message; exits 1 when any file fails, 2 on usage errors."""

import json
import sys

import jsonschema
import yaml


class Loader(yaml.SafeLoader):
    pass


Loader.add_constructor("tag:yaml.org,2002:timestamp",
                       lambda loader, node: loader.construct_scalar(node))


def main(argv):
    if len(argv) < 3:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    with open(argv[1], encoding="utf-8") as f:
        schema = json.load(f)
    jsonschema.Draft7Validator.check_schema(schema)
    validator = jsonschema.Draft7Validator(schema)
    failed = 0
    for path in argv[2:]:
        with open(path, encoding="utf-8") as f:
            doc = yaml.load(f, Loader=Loader)
        for err in sorted(validator.iter_errors(doc), key=str):
            where = "/".join(str(p) for p in err.absolute_path) or "(root)"
            print("%s: %s: %s" % (path, where, err.message))
            failed = 1
    return failed


if __name__ == "__main__":
    sys.exit(main(sys.argv))
