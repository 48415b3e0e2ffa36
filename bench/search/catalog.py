"""A generated toy-shop catalog and misspelled queries for bench/search (deterministic for a seed)."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from estore.domain.ids import new_id
from estore.domain.tags import slugify

ADJECTIVES = [
    "ancient",
    "arctic",
    "atomic",
    "azure",
    "blazing",
    "bold",
    "brave",
    "bright",
    "bronze",
    "burning",
    "calm",
    "celestial",
    "cosmic",
    "crimson",
    "crystal",
    "dancing",
    "daring",
    "dark",
    "desert",
    "distant",
    "electric",
    "emerald",
    "enchanted",
    "eternal",
    "fierce",
    "fiery",
    "floating",
    "flying",
    "forest",
    "frozen",
    "galactic",
    "giant",
    "gilded",
    "glowing",
    "golden",
    "grand",
    "happy",
    "haunted",
    "hidden",
    "hollow",
    "icy",
    "imperial",
    "iron",
    "jade",
    "jolly",
    "jungle",
    "lonely",
    "lost",
    "lucky",
    "lunar",
    "magic",
    "majestic",
    "marble",
    "midnight",
    "mighty",
    "misty",
    "mystic",
    "noble",
    "northern",
    "ocean",
    "orange",
    "painted",
    "phantom",
    "polar",
    "proud",
    "purple",
    "quiet",
    "radiant",
    "rapid",
    "red",
    "rocky",
    "royal",
    "rusty",
    "sacred",
    "scarlet",
    "secret",
    "shadow",
    "shining",
    "silent",
    "silver",
    "sleepy",
    "smoky",
    "snowy",
    "solar",
    "sparkling",
    "speedy",
    "spooky",
    "starry",
    "steel",
    "stormy",
    "sunny",
    "swift",
    "thunder",
    "tiny",
    "twilight",
    "velvet",
    "violet",
    "wandering",
    "wild",
    "windy",
    "winter",
    "wooden",
    "young",
    "zesty",
]
NOUNS = [
    "academy",
    "airship",
    "anchor",
    "arena",
    "armada",
    "bakery",
    "balloon",
    "bandit",
    "barge",
    "bastion",
    "beacon",
    "bridge",
    "buggy",
    "cabin",
    "camper",
    "canyon",
    "caravan",
    "carousel",
    "castle",
    "cathedral",
    "cavern",
    "chariot",
    "citadel",
    "cottage",
    "crane",
    "cruiser",
    "cyclone",
    "diner",
    "dragon",
    "drifter",
    "dungeon",
    "eagle",
    "engine",
    "explorer",
    "falcon",
    "ferry",
    "fortress",
    "fountain",
    "frigate",
    "galleon",
    "garage",
    "garden",
    "glider",
    "griffin",
    "hangar",
    "harbor",
    "hawk",
    "helicopter",
    "hideout",
    "hotel",
    "hunter",
    "island",
    "jeep",
    "junction",
    "kingdom",
    "knight",
    "lantern",
    "lighthouse",
    "lion",
    "locomotive",
    "market",
    "mech",
    "meteor",
    "mill",
    "monastery",
    "monster",
    "observatory",
    "outpost",
    "palace",
    "panther",
    "pavilion",
    "phoenix",
    "pirate",
    "planet",
    "pyramid",
    "raider",
    "ranch",
    "rocket",
    "rover",
    "sanctuary",
    "satellite",
    "schooner",
    "scooter",
    "sentinel",
    "shuttle",
    "skyscraper",
    "spaceship",
    "sphinx",
    "stadium",
    "starship",
    "station",
    "submarine",
    "temple",
    "tiger",
    "tower",
    "tractor",
    "trawler",
    "treehouse",
    "tugboat",
    "tunnel",
    "unicorn",
    "valley",
    "village",
    "viking",
    "volcano",
    "voyager",
    "warrior",
    "watchtower",
    "whale",
    "windmill",
    "wizard",
    "workshop",
    "yacht",
    "zeppelin",
]
KINDS = ["set", "kit", "playset", "building set", "model", "figure", "collection", "bundle", "edition", "pack"]
BRANDS = [
    ("LEGO", 30),
    ("Playmobil", 12),
    ("Mega Bloks", 8),
    ("Hasbro", 8),
    ("Mattel", 8),
    ("Brio", 6),
    ("Ravensburger", 6),
    ("Revell", 6),
    ("Schleich", 6),
    ("Bandai", 5),
    ("Hot Wheels", 5),
]
THEMES = {
    "LEGO": ["Star Wars", "Technic", "City", "Friends", "Ninjago", "Creator", "Harry Potter", "Ideas"],
    "Playmobil": ["Pirates", "Knights", "City Life"],
    "Mega Bloks": ["Halo", "Pokemon"],
}
CATEGORIES = ["toys", "building toys", "models", "puzzles", "collectibles", "outdoor toys", "games"]
LETTERS = "abcdefghijklmnopqrstuvwxyz"


@dataclass
class Product:
    id: str
    title: str
    brand: str
    category: str
    tags: list[str]
    seller: str
    searchable: bool
    offer_specs: list[tuple[str, int, int]] = field(default_factory=list)  # (condition, stock, price)

    @property
    def text(self) -> str:
        return " ".join([self.title, self.brand, self.category, *self.tags])

    @property
    def name_words(self) -> list[str]:
        return self.title.split()

    def item(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "sellerId": self.seller,
            "title": self.title,
            "description": "",
            "brand": self.brand,
            "category": self.category,
            "tags": [slugify(tag) for tag in self.tags],
            "images": [],
            "createdAt": "2026-01-01T00:00:00Z",
            "updatedAt": "2026-01-01T00:00:00Z",
            "version": 1,
        }

    def offers(self) -> list[dict[str, Any]]:
        return [
            {
                "id": new_id(),
                "productId": self.id,
                "sellerId": self.seller,
                "sellerName": f"Store {self.seller[:6]}",
                "condition": condition,
                "conditionNote": None if condition == "new" else "opened box",
                "price": {"amount": price, "currency": "USD"},
                "stock": stock,
                "variant": None,
            }
            for condition, stock, price in self.offer_specs
        ]


def generate_catalog(count: int, rng: random.Random) -> list[Product]:
    sellers = [f"{rng.getrandbits(64):016x}" for _ in range(40)] + [f"{rng.getrandbits(60):015x}x"]
    brands = [brand for brand, weight in BRANDS for _ in range(weight)]
    products = []
    for _ in range(count):
        brand = rng.choice(brands)
        parts = []
        theme = rng.choice(THEMES[brand]) if brand in THEMES and rng.random() < 0.6 else None
        if theme:
            parts.append(theme)
        parts += [rng.choice(ADJECTIVES).capitalize(), rng.choice(NOUNS).capitalize()]
        if rng.random() < 0.7:
            parts.append(rng.choice(KINDS).title())
        if brand == "LEGO" and rng.random() < 0.3:
            parts.append(str(rng.randint(10000, 79999)))
        seller = rng.choice(sellers)
        roll = rng.random()
        specs = [("new", rng.randint(1, 50), rng.randint(500, 40000))]
        searchable = not seller.endswith("x")
        if roll < 0.05:
            specs = [("used", 3, rng.randint(300, 20000))]  # second hand only
            searchable = False
        elif roll < 0.08:
            specs = [("new", 0, rng.randint(500, 40000))]  # sold out
            searchable = False
        elif roll < 0.2:
            specs.append(("refurbished", 2, rng.randint(300, 20000)))
        tags = [theme] if theme else []
        if rng.random() < 0.3:
            tags.append(rng.choice(["gift", "bestseller", "new arrival", "exclusive"]))
        products.append(
            Product(new_id(), " ".join(parts), brand, rng.choice(CATEGORIES), tags, seller, searchable, specs)
        )
    return products


def misspelled_queries(products: list[Product], count: int, rng: random.Random) -> list[tuple[str, str]]:
    """(query, the product it was typed for): the product's name words, one or two of them mangled."""
    queries = []
    while len(queries) < count:
        product = rng.choice(products)
        title = product.name_words
        words = [word for word in title if not word.isdigit()]
        # the distinctive part (adjective and noun), sometimes with the brand, kind or theme around it
        core = [w for w in words if w.lower() in ADJECTIVES or w.lower() in NOUNS]
        extra = [w for w in words if w not in core]
        chosen = core + ([rng.choice(extra)] if extra and rng.random() < 0.4 else [])
        if rng.random() < 0.3:
            chosen.append(product.brand)
        if rng.random() < 0.2:
            rng.shuffle(chosen)
        typed = [word.lower() for word in chosen]
        for _ in range(rng.choice([1, 1, 2])):
            typed = _mangle(typed, rng)
        query = " ".join(typed)
        if query.split() != [word.lower() for word in chosen]:
            queries.append((query, product.id))
    return queries


def _mangle(words: list[str], rng: random.Random) -> list[str]:
    index = rng.randrange(len(words))
    word = words[index]
    kind = rng.choice(["delete", "insert", "substitute", "transpose", "double", "plural", "join", "split"])
    if len(word) < 4 and kind not in ("plural", "join"):
        kind = "plural"
    position = rng.randrange(1, max(2, len(word) - 1))
    if kind == "delete":
        word = word[:position] + word[position + 1 :]
    elif kind == "insert":
        word = word[:position] + rng.choice(LETTERS) + word[position:]
    elif kind == "substitute":
        word = word[:position] + rng.choice(LETTERS) + word[position + 1 :]
    elif kind == "transpose" and position < len(word) - 1:
        word = word[:position] + word[position + 1] + word[position] + word[position + 2 :]
    elif kind == "double":
        word = word[:position] + word[position] + word[position:]
    elif kind == "plural":
        word = word[:-1] if word.endswith("s") else word + "s"
    elif kind == "join" and index + 1 < len(words):
        return [*words[:index], word + words[index + 1], *words[index + 2 :]]
    elif kind == "split" and len(word) >= 6:
        cut = rng.randrange(3, len(word) - 2)
        return [*words[:index], word[:cut], word[cut:], *words[index + 1 :]]
    return [*words[:index], word, *words[index + 1 :]]
