"""Shapes that can be dict keys: see `hashing` and `slotted-classes`."""


class Frozen:
    """An immutable point.  Two equal points have the same hash (`hashing`), so
    `Frozen` instances are dict keys; it uses `slotted-classes`."""

    __slots__ = ("x", "y")

    def __init__(self, x: int, y: int) -> None:
        self.x, self.y = x, y

    def moved(self, dx: int) -> "Frozen":
        """A new `Frozen`, ``dx`` to the right (see `Frozen.moved` and
        `nosuchthing`, which the project never defined)."""
        return Frozen(self.x + dx, self.y)
