"""The viewer's own standing never shows a loss: a negative result is simply not displayed."""

from types import SimpleNamespace

from django.template.loader import render_to_string


def standing(score: int) -> str:
    board = SimpleNamespace(
        metric="improvement",
        viewer_shows_name=True,
        viewer_alias=None,
        standing=SimpleNamespace(score=score, show_percentile=False, percentile=0, band=None),
    )
    return render_to_string("leaderboards/_standing.html", {"board": board})


def test_a_gain_is_shown_with_its_sign():
    assert "+5%" in standing(5)


def test_a_loss_is_not_shown_only_encouragement():
    html = standing(-6)
    assert "-6" not in html and "Your result" not in html
    assert "a little practice now will show here soon" in html
