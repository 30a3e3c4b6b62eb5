"""Checks a JSON value against a JSON Schema, the subset zod's `z.toJSONSchema` writes for the job file (stdlib only).

Keywords: type, properties, required, additionalProperties, items, const, enum, anyOf, oneOf, minimum, maximum,
exclusiveMinimum, exclusiveMaximum, minLength, maxLength, pattern, minItems, maxItems; $schema, title and
description are notes. A schema with any other keyword is refused, so the checker never passes what it cannot check.
"""
import re

CHECKED = {"type", "properties", "required", "additionalProperties", "items", "const", "enum", "anyOf", "oneOf",
           "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "minLength", "maxLength", "pattern",
           "minItems", "maxItems"}
NOTES = {"$schema", "title", "description"}
MISSING = "missing (a job file carries every value; nothing is filled in here)"


class SchemaMismatch(ValueError):
    """The value does not match; `where` is the path of the field (`config.schedule.type`), empty for the whole."""

    def __init__(self, where, message):
        super().__init__(f"{where or '(the whole file)'}: {message}")
        self.where = where


def unknown_keywords(schema):
    """The keywords of `schema` (and of every schema inside it) that this checker does not check, sorted."""
    found = set()

    def walk(node):
        found.update(k for k in node if k not in CHECKED and k not in NOTES)
        for key in ("properties",):
            for sub in node.get(key, {}).values():
                walk(sub)
        for key in ("anyOf", "oneOf"):
            for sub in node.get(key, []):
                walk(sub)
        for key in ("items", "additionalProperties"):
            if isinstance(node.get(key), dict):
                walk(node[key])

    walk(schema)
    return sorted(found)


def check(value, schema, where=""):
    """Raises SchemaMismatch at the first place `value` does not match `schema`."""
    if "anyOf" in schema or "oneOf" in schema:
        _alternatives(value, schema, where)
    if "type" in schema:
        _type(value, schema["type"], where)
    if "const" in schema and not _same(value, schema["const"]):
        raise SchemaMismatch(where, f"expected {_show(schema['const'])}, found {_show(value)}")
    if "enum" in schema and not any(_same(value, option) for option in schema["enum"]):
        raise SchemaMismatch(where, f"expected one of {', '.join(_show(o) for o in schema['enum'])}, found {_show(value)}")
    if _is_number(value):
        _bounds(value, schema, where)
    if isinstance(value, str):
        _text(value, schema, where)
    if isinstance(value, list):
        _array(value, schema, where)
    if isinstance(value, dict):
        _object(value, schema, where)


def _alternatives(value, schema, where):
    branches = schema.get("anyOf", []) + schema.get("oneOf", [])
    failures = []
    passed = 0
    for branch in branches:
        try:
            check(value, branch, where)
            passed += 1
        except SchemaMismatch as mismatch:
            failures.append((branch, mismatch))
    if "oneOf" in schema and passed > 1:
        raise SchemaMismatch(where, f"{_show(value)} matches {passed} of the alternatives; exactly one expected")
    if passed:
        return
    # The alternative the value names (its `type` field's constant), then the failure that got furthest into the
    # value, says the most: a wrong field of the right kind of object.
    named = [m for branch, m in failures if _names(value, branch)]
    tag = _tag(branches)
    if isinstance(value, dict) and tag and not named:
        if tag not in value:
            raise SchemaMismatch(_join(where, tag), MISSING)
        consts = ", ".join(_show(branch["properties"][tag]["const"]) for branch in branches)
        raise SchemaMismatch(_join(where, tag), f"expected one of {consts}, found {_show(value[tag])}")
    deepest = max(named or [m for _, m in failures], key=lambda m: len(m.where))
    if deepest.where != where:
        raise deepest
    kinds = list(dict.fromkeys(_kind(branch) for branch in branches))
    raise SchemaMismatch(where, f"expected {' or '.join(kinds)}, found {_show(value)}")


def _tag(branches):
    """The field whose constant tells a discriminated union's alternatives apart (`type`), or None."""
    keys = [{k for k, p in b.get("properties", {}).items() if "const" in p} for b in branches]
    common = set.intersection(*keys) if keys else set()
    return min(common) if common else None


def _names(value, branch):
    """Whether an object carries every constant field of the branch (a discriminated union's tag)."""
    tags = {k: p["const"] for k, p in branch.get("properties", {}).items() if "const" in p}
    return isinstance(value, dict) and bool(tags) and all(k in value and _same(value[k], c) for k, c in tags.items())


def _type(value, expected, where):
    kinds = expected if isinstance(expected, list) else [expected]
    if not any(_has_type(value, kind) for kind in kinds):
        raise SchemaMismatch(where, f"expected {' or '.join(kinds)}, found {_show(value)}")


def _has_type(value, kind):
    if kind == "integer":
        return _is_number(value) and float(value).is_integer()
    return {
        "null": value is None,
        "boolean": isinstance(value, bool),
        "number": _is_number(value),
        "string": isinstance(value, str),
        "array": isinstance(value, list),
        "object": isinstance(value, dict),
    }[kind]


def _bounds(value, schema, where):
    if "minimum" in schema and value < schema["minimum"]:
        raise SchemaMismatch(where, f"expected at least {schema['minimum']}, found {_show(value)}")
    if "maximum" in schema and value > schema["maximum"]:
        raise SchemaMismatch(where, f"expected at most {schema['maximum']}, found {_show(value)}")
    if "exclusiveMinimum" in schema and value <= schema["exclusiveMinimum"]:
        raise SchemaMismatch(where, f"expected more than {schema['exclusiveMinimum']}, found {_show(value)}")
    if "exclusiveMaximum" in schema and value >= schema["exclusiveMaximum"]:
        raise SchemaMismatch(where, f"expected less than {schema['exclusiveMaximum']}, found {_show(value)}")


def _text(value, schema, where):
    _length(len(value), schema, ("minLength", "maxLength", "character(s)"), where)
    if "pattern" in schema and not re.search(schema["pattern"], value):
        raise SchemaMismatch(where, f"expected text matching {schema['pattern']}, found {_show(value)}")


def _array(value, schema, where):
    _length(len(value), schema, ("minItems", "maxItems", "item(s)"), where)
    if isinstance(schema.get("items"), dict):
        for i, item in enumerate(value):
            check(item, schema["items"], f"{where}[{i}]")


def _length(length, schema, keywords, where):
    low, high, unit = keywords
    if low in schema and length < schema[low]:
        raise SchemaMismatch(where, f"expected at least {schema[low]} {unit}, found {length}")
    if high in schema and length > schema[high]:
        raise SchemaMismatch(where, f"expected at most {schema[high]} {unit}, found {length}")


def _object(value, schema, where):
    properties = schema.get("properties", {})
    for key in schema.get("required", []):
        if key not in value:
            raise SchemaMismatch(_join(where, key), MISSING)
    for key, item in value.items():
        if key in properties:
            check(item, properties[key], _join(where, key))
        elif schema.get("additionalProperties") is False:
            raise SchemaMismatch(_join(where, key), f"not a field here (expected one of {', '.join(properties)})")
        elif isinstance(schema.get("additionalProperties"), dict):
            check(item, schema["additionalProperties"], _join(where, key))


def _join(where, key):
    return f"{where}.{key}" if where else key


def _is_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _same(a, b):
    """JSON equality: 1 == 1.0, but true is no number."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    return a == b


def _kind(schema):
    if "const" in schema:
        return _show(schema["const"])
    kind = schema.get("type", "a value")
    return " or ".join(kind) if isinstance(kind, list) else kind


def _show(value):
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return repr(value) if len(value) <= 60 else repr(value[:57] + "...")
    if isinstance(value, (dict, list)):
        return "an object" if isinstance(value, dict) else "an array"
    return repr(value)
