"""Make photo-like pictures of space scenes with Pillow, for the media benchmark
and for trying the site with photos: a planet over a starfield, a night launch,
a satellite over the Earth's limb. Grain and soft gradients make them compress
like photos, not like flat drawings.

    python bench/space_photos.py OUTPUT_DIR [WIDTH HEIGHT]
"""

import io
import random
import sys
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageFilter

KINDS = ("planet", "launch", "satellite")


def starfield(width, height, rng, density=0.0006):
    sky = Image.new("RGB", (width, height), (4, 8, 22))
    draw = ImageDraw.Draw(sky)
    for _ in range(int(width * height * density)):
        x, y = rng.randrange(width), rng.randrange(height)
        level = rng.randrange(90, 256)
        radius = rng.choice((0, 0, 0, 1)) * max(1, width // 2000)
        draw.ellipse(
            (x - radius, y - radius, x + radius, y + radius), fill=(level,) * 3
        )
    return sky


def grain(image, amount=6):
    """Add the sensor noise of a real photo."""
    noise = Image.effect_noise(image.size, amount).convert("RGB")
    return ImageChops.add(image, noise, scale=1.0, offset=-128 + 2 * amount)


def glow(size, box, colour, blur):
    layer = Image.new("RGB", size, (0, 0, 0))
    ImageDraw.Draw(layer).ellipse(box, fill=colour)
    return layer.filter(ImageFilter.GaussianBlur(blur))


def planet(width, height, rng):
    image = starfield(width, height, rng)
    radius = int(min(width, height) * 0.42)
    cx, cy = int(width * 0.62), int(height * 0.58)
    box = (cx - radius, cy - radius, cx + radius, cy + radius)
    image = ImageChops.add(image, glow(image.size, box, (40, 110, 230), radius // 12))
    body = Image.radial_gradient("L").resize((2 * radius, 2 * radius))
    surface = Image.merge(
        "RGB",
        (
            body.point(lambda v: 20 + (255 - v) // 5),
            body.point(lambda v: 60 + (255 - v) // 3),
            body.point(lambda v: 120 + (255 - v) // 2),
        ),
    )
    clouds = Image.effect_noise((radius // 6, radius // 6), 40).resize(
        (2 * radius, 2 * radius), Image.Resampling.BICUBIC
    )
    surface = ImageChops.screen(
        surface, Image.merge("RGB", (clouds,) * 3).point(lambda v: max(0, v - 150) * 3)
    )
    mask = Image.new("L", (2 * radius, 2 * radius), 0)
    ImageDraw.Draw(mask).ellipse((0, 0, 2 * radius - 1, 2 * radius - 1), fill=255)
    shade = Image.linear_gradient("L").rotate(40).resize(mask.size)
    image.paste(
        ImageChops.multiply(
            surface, Image.merge("RGB", (shade,) * 3).point(lambda v: 60 + v * 3 // 4)
        ),
        (cx - radius, cy - radius),
        mask,
    )
    return grain(image)


def launch(width, height, rng):
    sky = Image.linear_gradient("L").resize((width, height))
    image = Image.merge(
        "RGB",
        (
            sky.point(lambda v: 8 + v // 5),
            sky.point(lambda v: 14 + v // 6),
            sky.point(lambda v: 40 + v // 5),
        ),
    )
    image = ImageChops.add(image, starfield(width, height, rng, 0.0002))
    x = int(width * 0.5)
    plume_top, ground = int(height * 0.22), int(height * 0.82)
    for blur, colour, spread in (
        (width // 14, (120, 60, 10), 6),
        (width // 40, (255, 170, 60), 2),
        (width // 160, (255, 245, 220), 1),
    ):
        layer = Image.new("RGB", image.size, (0, 0, 0))
        ImageDraw.Draw(layer).polygon(
            [
                (x, plume_top),
                (x + spread * width // 200, ground),
                (x - spread * width // 200, ground),
            ],
            fill=colour,
        )
        image = ImageChops.add(image, layer.filter(ImageFilter.GaussianBlur(blur)))
    draw = ImageDraw.Draw(image)
    rocket_w = max(4, width // 90)
    draw.rectangle(
        (x - rocket_w, plume_top - height // 7, x + rocket_w, plume_top),
        fill=(225, 225, 230),
    )
    draw.polygon(
        [
            (x - rocket_w, plume_top - height // 7),
            (x + rocket_w, plume_top - height // 7),
            (x, plume_top - height // 7 - rocket_w * 3),
        ],
        fill=(225, 225, 230),
    )
    horizon = (
        [(0, ground)]
        + [
            (i * width // 24, ground - rng.randrange(0, height // 30))
            for i in range(25)
        ]
        + [(width, height), (0, height)]
    )
    draw.polygon(horizon, fill=(6, 10, 12))
    return grain(image)


def satellite(width, height, rng):
    image = starfield(width, height, rng)
    limb = int(height * 1.9)
    box = (
        -width // 2,
        int(height * 0.62),
        width + width // 2,
        int(height * 0.62) + limb,
    )
    image = ImageChops.add(image, glow(image.size, box, (90, 160, 255), height // 25))
    earth = Image.new("RGB", image.size, (0, 0, 0))
    ImageDraw.Draw(earth).ellipse(box, fill=(30, 80, 150))
    clouds = Image.effect_noise((width // 60, height // 60), 40).resize(
        image.size, Image.Resampling.BICUBIC
    )
    earth = ImageChops.screen(
        earth, Image.merge("RGB", (clouds,) * 3).point(lambda v: max(0, v - 150) * 3)
    )
    mask = Image.new("L", image.size, 0)
    ImageDraw.Draw(mask).ellipse(box, fill=255)
    image.paste(earth, (0, 0), mask)
    draw = ImageDraw.Draw(image)
    cx, cy, unit = int(width * 0.45), int(height * 0.36), max(6, width // 60)
    draw.rectangle((cx - unit, cy - unit, cx + unit, cy + unit), fill=(200, 170, 90))
    for side in (-1, 1):
        x0 = cx + side * unit * 2
        x1 = cx + side * unit * 9
        draw.rectangle(
            (min(x0, x1), cy - unit * 2, max(x0, x1), cy + unit * 2), fill=(30, 45, 95)
        )
        for k in range(1, 7):
            gx = x0 + side * k * unit
            draw.line(
                (gx, cy - unit * 2, gx, cy + unit * 2),
                fill=(120, 140, 190),
                width=max(1, unit // 6),
            )
        draw.line(
            (cx + side * unit, cy, x0, cy),
            fill=(180, 180, 180),
            width=max(1, unit // 4),
        )
    return grain(image.filter(ImageFilter.GaussianBlur(max(1, width // 3000))))


def space_photo(kind, width, height, seed=1, quality=90):
    """Return a JPEG of the scene ``kind`` (one of KINDS)."""
    rng = random.Random(seed)
    image = {"planet": planet, "launch": launch, "satellite": satellite}[kind](
        width, height, rng
    )
    output = io.BytesIO()
    image.save(output, "JPEG", quality=quality)
    return output.getvalue()


if __name__ == "__main__":
    folder = Path(sys.argv[1])
    size = [int(value) for value in sys.argv[2:4]] or [3000, 2000]
    folder.mkdir(parents=True, exist_ok=True)
    for kind in KINDS:
        (folder / f"{kind}.jpg").write_bytes(space_photo(kind, *size))
        print(folder / f"{kind}.jpg")
