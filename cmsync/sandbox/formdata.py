"""Request parameter parsing the way PHP reads them.

ClickMeeting is a PHP service: `a[b]=1` becomes a nested map, `a[]=x` appends
to a list, and `attendees[][email]=y` appends a new map to a list on every
occurrence. Uploads come as multipart/form-data.
"""

import re
from email.parser import BytesParser
from email.policy import HTTP
from urllib.parse import parse_qsl

KEY_PART_RE = re.compile(r"\[([^\]]*)\]")


def parse_query(text: str) -> dict:
    """Parse a query string or urlencoded body into nested dicts and lists."""
    pairs = parse_qsl(text, keep_blank_values=True)
    return build_nested(pairs)


def build_nested(pairs) -> dict:
    result: dict = {}
    for raw_key, value in pairs:
        base, parts = split_key(raw_key)
        if base:
            assign(result, [base, *parts], value)
    return result


def split_key(raw_key: str) -> tuple[str, list[str]]:
    """Split `a[b][]` into ("a", ["b", ""]); text after an unclosed bracket stays."""
    bracket = raw_key.find("[")
    if bracket <= 0:
        return raw_key, []
    base, rest = raw_key[:bracket], raw_key[bracket:]
    parts = []
    position = 0
    for match in KEY_PART_RE.finditer(rest):
        if match.start() != position:
            break
        parts.append(match.group(1))
        position = match.end()
    if position != len(rest):
        return raw_key, []
    return base, parts


def assign(root: dict, path: list[str], value: str) -> None:
    """Store `value` at `path`; an empty part ("") appends to a list, as in PHP."""
    node, key = root, path[0]
    for next_part in path[1:]:
        node, key = descend(node, key, next_part)
        if node is None:
            return
    if isinstance(node, list):
        if key == "":
            node.append(value)
    elif key == "":
        node[str(len(node))] = value
    else:
        node[key] = value


def descend(node, key: str, next_part: str):
    """Return the child container at `key`, created as the type `next_part` needs."""
    wanted = list if next_part == "" else dict
    if isinstance(node, list):
        if key != "":
            return None, next_part
        child = wanted()
        node.append(child)
        return child, next_part
    if key == "":
        key = str(len(node))
    child = node.get(key)
    if not isinstance(child, list | dict):
        child = wanted()
        node[key] = child
    return child, next_part


def as_list(value) -> list:
    """Normalise `a[]=x`, `a[0]=x` and `a=x` inputs to a list."""
    if value is None:
        return []
    if isinstance(value, list):
        return value
    if isinstance(value, dict):
        return list(value.values())
    return [value]


def parse_multipart(body: bytes, content_type: str) -> tuple[dict, dict]:
    """Split a multipart/form-data body into (fields, files).

    `files` maps a field name to (filename, bytes).
    """
    header = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode()
    message = BytesParser(policy=HTTP).parsebytes(header + body)
    fields: list[tuple[str, str]] = []
    files: dict[str, tuple[str, bytes]] = {}
    if not message.is_multipart():
        return {}, {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if not name:
            continue
        filename = part.get_filename()
        payload = part.get_payload(decode=True) or b""
        if filename is not None:
            files[name] = (filename, payload)
        else:
            fields.append((name, payload.decode("utf-8", errors="replace")))
    return build_nested(fields), files
