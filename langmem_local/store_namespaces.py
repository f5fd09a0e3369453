"""Store namespaces <-> engine user ids: reversible label encoding, injective mapping.

LangGraph refuses ``"."`` and NUL in namespace labels, so :func:`encode_label`
escapes them reversibly; :func:`namespace_to_user_id` maps a namespace to the
engine user that holds its items (``("memories", "alice")`` ->
``"memories/alice"``) and :func:`user_id_to_namespace` maps it back. Only
canonical labels are accepted, so two namespaces never share a user. Used by
:class:`~langmem_local.store.Mem0Store`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

__all__ = [
    "decode_label",
    "encode_label",
    "namespace_for_user",
    "namespace_to_user_id",
    "user_id_to_namespace",
]

_ESCAPE = re.compile(r"%(25|2E|2F|00)", re.IGNORECASE)


def _escape(text: str, chars: str) -> str:
    out = text.replace("%", "%25")  # first, so the escapes below stay decodable
    for ch in chars:
        out = out.replace(ch, f"%{ord(ch):02X}")
    return out


def _unescape(text: str) -> str:
    return _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)


def encode_label(value: str) -> str:
    """Make a string a valid LangGraph namespace label (no ``"."``), reversibly.

    ``"."`` becomes ``%2E``, NUL ``%00`` and ``"%"`` ``%25`` (LangGraph refuses
    ``"."`` and NUL in labels); :func:`decode_label` undoes it. Labels without
    those characters are unchanged.
    """
    return _escape(value, ".\x00")


def decode_label(label: str) -> str:
    """Inverse of :func:`encode_label`: ``"bob@x%2Ecom"`` -> ``"bob@x.com"``."""
    return _unescape(label)


def namespace_for_user(user_id: str, prefix: Sequence[str] = ("memories",)) -> tuple[str, ...]:
    """Return the store namespace for a user id; safe for any id (e-mail addresses too).

    LangGraph rejects namespace labels containing ``"."``; this encodes them
    (see :func:`encode_label`) so the namespace works with every ``BaseStore``.
    ``Mem0Store`` maps it back to the real id, so engine and CLI see
    ``"memories/bob@x.com"``.

    Example:
        .. code-block:: python

            ns = namespace_for_user("bob@x.com")  # ("memories", "bob@x%2Ecom")
            store.put(ns, "diet", {"content": "Bob is vegetarian"})
            decode_label(ns[-1])  # "bob@x.com"

    """
    return (*(encode_label(p) for p in prefix), encode_label(user_id))


def _label_value(label: str) -> str:
    """The string a namespace label stands for; only canonical labels have one.

    A label is read as :func:`encode_label` output. Reading raw labels too
    (``"bob@x.com"`` beside ``"bob@x%2Ecom"``) made two namespaces reach the
    same items; a label that is not the encoding of anything is refused, with
    the encoded form to use instead.
    """
    if not isinstance(label, str) or not label:
        msg = f"namespace labels must be non-empty strings, got {label!r}"
        raise ValueError(msg)
    value = decode_label(label)
    if encode_label(value) != label:
        msg = (
            f"namespace label {label!r} is ambiguous: Mem0Store reads labels as encode_label() "
            f"output, so pass {encode_label(label)!r} (encode_label({label!r})), or build the "
            "namespace with namespace_for_user(user_id)"
        )
        raise ValueError(msg)
    return value


def namespace_to_user_id(namespace: Sequence[str]) -> str:
    """Engine user id for a namespace: the labels' values joined by ``"/"``.

    Injective: ``"%"`` and ``"/"`` inside a value are escaped (``%25``, ``%2F``),
    and only canonical labels are accepted (:func:`_label_value`), so two
    different namespaces never map to the same user.
    """
    return "/".join(_escape(_label_value(label), "/") for label in namespace)


def user_id_to_namespace(user_id: str) -> tuple[str, ...]:
    """Inverse of :func:`namespace_to_user_id`, with labels valid for LangGraph."""
    return tuple(encode_label(_unescape(part)) for part in user_id.split("/"))


def _safe(namespace: Sequence[str] | None) -> tuple[str, ...]:
    # Every public method checks its labels up front, so an ambiguous one is
    # refused with the fix before any read or write (see _label_value).
    labels = tuple(namespace or ())
    for label in labels:
        if label != "*":  # LangGraph's wildcard in list_namespaces conditions
            _label_value(label)
    return labels
