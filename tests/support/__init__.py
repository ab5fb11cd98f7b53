# A guard against runaway work (a backtracking regular expression on a long input takes
# hours, not seconds), never a speed target: those live in `make bench`. Generous, so that a
# busy machine cannot fail it.
RUNAWAY_SECONDS = 30
