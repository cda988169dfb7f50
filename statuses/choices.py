from django.db import models


class Shape(models.TextChoices):
    """The shape drawn beside a status label, so that no status depends on colour alone."""

    CIRCLE = "circle", "Cirkel"
    TRIANGLE = "triangle", "Trekant"
    SQUARE = "square", "Firkant"
    DIAMOND = "diamond", "Rombe"
    CHECK = "check", "Flueben"
    RING = "ring", "Tom cirkel"


class Tone(models.TextChoices):
    """Colour family; always paired with a shape and a label."""

    GREEN = "green", "Grøn"
    YELLOW = "yellow", "Gul"
    RED = "red", "Rød"
    BLUE = "blue", "Blå"
    GREY = "grey", "Grå"


# One shape means one tone on every scale: a reader who has learnt that ■ is red never meets a blue ■.
SHAPE_TONE = {
    Shape.RING: Tone.GREY,
    Shape.CIRCLE: Tone.GREEN,
    Shape.CHECK: Tone.GREEN,
    Shape.TRIANGLE: Tone.YELLOW,
    Shape.SQUARE: Tone.RED,
    Shape.DIAMOND: Tone.BLUE,
}
