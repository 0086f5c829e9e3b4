"""A scored answer's own rows in one round trip: the answer (once per player and question,
by the database's constraint) and the player's seat, and who has answered the question now.

On PostgreSQL one statement does it all: the answer is inserted unless it exists (ON
CONFLICT DO NOTHING, no savepoint to recover from), the seat is updated, and the answers
to the question are listed. That list is read with the statement's snapshot, taken under
the challenge's lock: it holds every answer committed before, not this one, which the
caller adds. Elsewhere (the embedded SQLite default) the same three steps run one by one.
"""

from django.db import IntegrityError, connection, transaction

from .models import ChallengeAnswer, ChallengePlayer

SEAT_FIELDS = ("last_seen_at", "correct", "answered", "total_ms")


def answer_and_seat(*, answer: ChallengeAnswer, seat: ChallengePlayer) -> set[int] | None:
    """Who has answered the answer's question now (this player included), or None if this
    player had answered it already (nothing written)."""
    if transaction.get_connection().vendor != "postgresql":
        return _one_by_one(answer=answer, seat=seat)
    ops = connection.ops
    a_fields = [f for f in ChallengeAnswer._meta.concrete_fields if not f.primary_key]
    s_fields = [ChallengePlayer._meta.get_field(name) for name in SEAT_FIELDS]
    answers = ops.quote_name(ChallengeAnswer._meta.db_table)
    # Only the models' own table and column names are formatted in; values are parameters.
    sql = (
        f"WITH answer AS (INSERT INTO {answers} "  # noqa: S608
        f"({', '.join(ops.quote_name(f.column) for f in a_fields)}) "
        f"VALUES ({', '.join(['%s'] * len(a_fields))}) "
        f"ON CONFLICT (challenge_id, question_id, player_id) DO NOTHING RETURNING id), "
        f"seat AS (UPDATE {ops.quote_name(ChallengePlayer._meta.db_table)} SET "
        f"{', '.join(f'{ops.quote_name(f.column)} = %s' for f in s_fields)} "
        f"WHERE id = %s AND EXISTS (SELECT 1 FROM answer)) "
        f"SELECT (SELECT id FROM answer), ARRAY(SELECT player_id FROM {answers} "
        f"WHERE challenge_id = %s AND question_id = %s)"
    )
    params = [
        *(f.get_db_prep_save(f.pre_save(answer, True), connection) for f in a_fields),
        *(f.get_db_prep_save(getattr(seat, f.attname), connection) for f in s_fields),
        seat.pk,
        answer.challenge_id,
        answer.question_id,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        answer_id, earlier = cursor.fetchone()
    if answer_id is None:
        return None
    answer.pk = answer_id
    answer._state.adding = False
    return {*earlier, answer.player_id}


def _one_by_one(*, answer: ChallengeAnswer, seat: ChallengePlayer) -> set[int] | None:
    try:
        with transaction.atomic():
            answer.save()
    except IntegrityError:
        return None
    seat.save(update_fields=list(SEAT_FIELDS))
    return set(
        ChallengeAnswer.objects.filter(
            challenge_id=answer.challenge_id, question_id=answer.question_id
        ).values_list("player_id", flat=True)
    )
