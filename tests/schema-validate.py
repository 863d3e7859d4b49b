#!/usr/bin/python3
"""Validate YAML files against a JSON Schema with python3-jsonschema, a
validator sanfen does not share code with.

usage: schema-validate.py SCHEMA FILE...

Dates stay strings, as sanfen reads them. Prints each failing file with the
JSON path and message ("units.yaml: $.units[3].roles[0]: 'rule' is not one
of [...]"); exits 1 when any file fails or cannot be read, 2 on usage
errors or a schema that is not valid draft-07."""

import json
import sys

import jsonschema
import yaml


class Loader(yaml.SafeLoader):
    """PyYAML's safe loader, with dates (YYYY-MM-DD) left as strings."""


Loader.add_constructor("tag:yaml.org,2002:timestamp",
                       lambda loader, node: loader.construct_scalar(node))


def json_path(err):
    path = "$"
    for p in err.absolute_path:
        path += "[%d]" % p if isinstance(p, int) else "." + str(p)
    return path


def main(argv):
    if len(argv) < 3:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    try:
        with open(argv[1], encoding="utf-8") as f:
            schema = json.load(f)
        jsonschema.Draft7Validator.check_schema(schema)
    except (OSError, ValueError, jsonschema.SchemaError) as e:
        print("%s: %s" % (argv[1], e), file=sys.stderr)
        return 2
    validator = jsonschema.Draft7Validator(schema)
    failed = 0
    for path in argv[2:]:
        try:
            with open(path, encoding="utf-8") as f:
                doc = yaml.load(f, Loader=Loader)
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as e:
            print("%s: %s" % (path, e))
            failed = 1
            continue
        if doc is None:
            doc = {}
        for err in sorted(validator.iter_errors(doc),
                          key=lambda e: (list(map(str, e.absolute_path)),
                                         e.message)):
            print("%s: %s: %s" % (path, json_path(err), err.message))
            failed = 1
    return failed


if __name__ == "__main__":
    sys.exit(main(sys.argv))
