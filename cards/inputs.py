"""A field's input on a card, one builder per widget (dialogs/fields.py), with its error and help beside it.

Every input has a label (never a placeholder alone). Its `errorMessage` is what the client shows, beside the
field and tied to it for a screen reader, when its own checks refuse a value (a number out of range) before
anything is sent; after the bot refused a submit, it is the bot's error for that field, also shown right after it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from cards.elements import CardContext, para, with_error
from dialogs.documents.proposal import DOCUMENT_LANG
from dialogs.fields import TYPED_KINDS, FieldError, Widget, amount, kind_of, most_characters
from dialogs.routine import Field
from dialogs.views import InputView


def _label(ctx: CardContext, f: Field) -> str:
    """The field's label; "(frivilligt)" after it unless it is required, always or with another answer."""
    return f.label(ctx.lang) if f.required or f.required_when else f"{f.label(ctx.lang)} {ctx.t('optional')}"


def _text(ctx: CardContext, f: Field, value: str, multiline: bool = False) -> dict[str, Any]:
    element: dict[str, Any] = {"type": "Input.Text", "id": f.id, "label": _label(ctx, f), "value": value}
    if multiline:
        element["isMultiline"] = True
    if most := most_characters(f):
        element["maxLength"] = most  # the limit validation holds it to: the box takes no more than is kept
    if f.placeholder:
        element["placeholder"] = f.placeholder(ctx.lang)
    return element


def _multiline(ctx: CardContext, f: Field, value: str) -> dict[str, Any]:
    return _text(ctx, f, value, multiline=True)


def _lines(ctx: CardContext, f: Field, value: str) -> dict[str, Any]:
    """Several lines in one box: room for every line at its longest (`most_characters`)."""
    return _text(ctx, f, value, multiline=True)


def _date(ctx: CardContext, f: Field, value: str) -> dict[str, Any]:
    return {"type": "Input.Date", "id": f.id, "label": _label(ctx, f), "value": value}


def _number(ctx: CardContext, f: Field, value: str) -> dict[str, Any]:
    """A text box, not Input.Number: "45 000" and "25 000 kr" are numbers as officials write them, and a number
    out of range reaches the server and gets its message instead of a browser silently refusing the submit."""
    return {"type": "Input.Text", "id": f.id, "label": _label(ctx, f), "value": value, "maxLength": 40}


def _choice(ctx: CardContext, f: Field, value: str, multiple: bool = False) -> dict[str, Any]:
    return {
        "type": "Input.ChoiceSet",
        "id": f.id,
        "label": _label(ctx, f),
        "style": "expanded",
        "isMultiSelect": multiple,
        "wrap": True,  # an option's whole text, also at phone width (the breadth options are long)
        "value": value,
        "choices": [{"title": o.label(ctx.lang), "value": o.value} for o in f.options],
    }


def _multichoice(ctx: CardContext, f: Field, value: str) -> dict[str, Any]:
    return _choice(ctx, f, value, multiple=True)


_BUILDERS: dict[Widget, Callable[[CardContext, Field, str], dict[str, Any]]] = {
    Widget.TEXT: _text,
    Widget.MULTILINE: _multiline,
    Widget.DATE: _date,
    Widget.NUMBER: _number,
    Widget.CHOICE: _choice,
    Widget.MULTICHOICE: _multichoice,
    Widget.LINES: _lines,
}
if missing := set(Widget) - _BUILDERS.keys():
    raise RuntimeError(f"cards.inputs: no builder for {', '.join(sorted(missing))}")


def _figure(ctx: CardContext, value: Any) -> Any:
    """A number as a field's words write it (a limit, a length: 'Högst 2 000 tecken'), grouped in the card's language
    (`amount`); any other value as it is."""
    return amount(value, ctx.lang) if isinstance(value, int | float) and not isinstance(value, bool) else value


def _error(ctx: CardContext, error: FieldError) -> str:
    """A field's error in words, its numbers written as its hint writes its limit."""
    return ctx.t(error.key, **{name: _figure(ctx, value) for name, value in error.params.items()})


def inputs_block(ctx: CardContext, inputs: Sequence[InputView]) -> list[dict[str, Any]]:
    """A card's inputs in order, each with what it shows and, after a refused submit, its error beside it. In another
    language than the documents', a card where prose is typed first says, once, that the documents are Swedish and
    quote it as typed (nothing is translated)."""
    elements: list[dict[str, Any]] = []
    if ctx.lang != DOCUMENT_LANG and any(i.field.kind in TYPED_KINDS for i in inputs):
        elements.append(para(ctx.t("typed_as_is"), subtle=True, size="Small"))
    for i in inputs:
        elements += input_elements(ctx, i.field, i.value, _error(ctx, i.error) if i.error else None)
    return elements


@dataclass(frozen=True)
class _Template:
    """A field's input and the notes after it in one language, without its value: the same on every card that
    asks for the field, so built once (a babel-formatted limit, the choices, the help) and filled each time."""

    field: Field  # what it was built from: used only for an equal field
    element: dict[str, Any]  # the input, its "value" empty (in its place among the keys)
    after: tuple[dict[str, Any], ...]  # the limit, the help, the options' explanations


def _template(ctx: CardContext, field: Field) -> _Template:
    """The field's template in the context, built on first use. Keyed by the field's id (and whether its help is
    shown); reused only for a field equal to the one it was built from (a field the routine repeats per option,
    or another form's field of the same id, is built anew), so a template always says what building would."""
    key = ("input", field.id, field.help is None)
    found: _Template | None = ctx.templates.get(key)
    if found is not None and (found.field is field or found.field == field):
        return found
    after: list[dict[str, Any]] = []
    if kind_of(field).widget is Widget.MULTILINE and (most := most_characters(field)):
        # The box takes no more than the limit, so a longer text pasted in is cut: said before it happens.
        after.append(para(ctx.t("input_most_characters", most=_figure(ctx, most)), subtle=True, size="Small", spacing="None"))
    if field.help:
        after.append(para(field.help(ctx.lang), subtle=True, size="Small", spacing="None"))
    after += [para(f"**{o.label(ctx.lang)}**: {o.help(ctx.lang)}", subtle=True, size="Small") for o in field.options if o.help]
    built = ctx.templates[key] = _Template(field, _BUILDERS[kind_of(field).widget](ctx, field, ""), tuple(after))
    return built


def input_elements(ctx: CardContext, field: Field, value: str, error: str | None) -> list[dict[str, Any]]:
    """The input for a field, after a refused submit its error, then its help and its options' explanations:
    the field's template (`_template`) filled with `value`, every element a card's own copy."""
    template = _template(ctx, field)
    element = {**template.element, "value": value}
    if "choices" in element:
        element["choices"] = [dict(choice) for choice in element["choices"]]
    return [*with_error(element, error), *(dict(note) for note in template.after)]
