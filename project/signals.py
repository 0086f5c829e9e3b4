"""Domain signals: what one app tells the others, without importing them.

Reflections, peer help and study groups each announce what happened; personal challenges,
class goals and the like listen. (A new attempt is not a signal: its follow-ups run from a
task, mastery/tasks.py, after the answer's transaction.) Signals are sent inside the sender's
transaction, so a receiver's writes commit or roll back with the event that caused them,
and a receiver's error is not swallowed (`send`, never `send_robust`). Receivers must be
cheap: they run on the attempt path. They publish their own live events through
`live.publish.publish`, which waits for the commit.
"""

from django.dispatch import Signal

# kwargs: reflection (reflections.Reflection), created (bool).
reflection_saved = Signal()

# kwargs: session (the completed peer-help session: .helper, .requester, .skill).
help_session_completed = Signal()

# kwargs: session (the study group's live session that just ended).
group_session_ended = Signal()

# kwargs: class_ids (the classes an erased student was in). Sent inside the erasure's
# transaction, once the student's rows are gone or anonymous: class measures move with it.
student_erased = Signal()
