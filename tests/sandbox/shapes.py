"""Compare JSON shapes: which keys objects have and which JSON types values take."""

from dataclasses import dataclass, field


def kind(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    return {dict: "object", list: "array", str: "string", float: "float"}[type(value)]


@dataclass
class Template:
    """The union of the shapes of several sample values."""

    kinds: set = field(default_factory=set)
    required: set | None = None
    keys: dict = field(default_factory=dict)
    items: "Template | None" = None

    def add(self, value) -> "Template":
        self.kinds.add(kind(value))
        if isinstance(value, dict):
            present = set(value)
            self.required = (
                present if self.required is None else self.required & present
            )
            for key, child in value.items():
                self.keys.setdefault(key, Template()).add(child)
        elif isinstance(value, list):
            for item in value:
                self.items = (self.items or Template()).add(item)
        return self


def template_of(*samples) -> Template:
    template = Template()
    for sample in samples:
        template.add(sample)
    return template


def shape_problems(value, template: Template, where="$", extra_keys=()) -> list[str]:
    """List how `value` differs from `template`; an empty list means it matches."""
    problems = []
    if template.kinds == {"null"}:
        # Samples that are always null do not tell the type of a filled value.
        return []
    if kind(value) not in template.kinds:
        return [f"{where}: {kind(value)}, expected {sorted(template.kinds)}"]
    if isinstance(value, dict):
        missing = (template.required or set()) - set(value)
        unknown = set(value) - set(template.keys) - set(extra_keys)
        problems += [f"{where}: missing key {key!r}" for key in sorted(missing)]
        problems += [f"{where}: unexpected key {key!r}" for key in sorted(unknown)]
        for key, child in value.items():
            if key in template.keys:
                problems += shape_problems(
                    child, template.keys[key], f"{where}.{key}", extra_keys
                )
    elif isinstance(value, list) and template.items is not None:
        for position, item in enumerate(value):
            problems += shape_problems(
                item, template.items, f"{where}[{position}]", extra_keys
            )
    return problems
