"""Writing small formulas the way a Moroccan textbook prints them (same in all languages)."""

from fractions import Fraction

_SUPERSCRIPT = {2: "²", 3: "³"}


def signed(value) -> str:
    """A number with a typographic minus sign."""
    text = str(value)
    return "−" + text[1:] if text.startswith("-") else text


def par(value) -> str:
    """A number in brackets when negative, so `3 × (−2)` reads right."""
    return f"({signed(value)})" if value < 0 else signed(value)


def poly(*coefficients, var: str = "x") -> str:
    """Coefficients from the highest power down to the constant: poly(2, -3, 1) = 2x² − 3x + 1."""
    degree = len(coefficients) - 1
    parts: list[str] = []
    for index, coefficient in enumerate(coefficients):
        power = degree - index
        if coefficient == 0:
            continue
        magnitude = abs(coefficient)
        unknown = "" if power == 0 else var + _SUPERSCRIPT.get(power, "")
        body = unknown if magnitude == 1 and power else f"{signed(magnitude)}{unknown}"
        if parts:
            parts.append(f"{'−' if coefficient < 0 else '+'} {body}")
        else:
            parts.append(f"−{body}" if coefficient < 0 else body)
    return " ".join(parts) or "0"


def shift(h) -> str:
    """`x − h` written with the right sign: shift(−3) = "x + 3"."""
    return f"x − {h}" if h > 0 else f"x + {-h}"


def frac(value: Fraction) -> str:
    if value.denominator == 1:
        return signed(value.numerator)
    return f"{signed(value.numerator)}/{value.denominator}"
