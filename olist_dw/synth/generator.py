"""Drawing the data set: the catalog, people and their addresses, orders with their items,
payments and reviews, and the writing of each file."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_DOWN, Decimal
from pathlib import Path

from olist_dw.synth.calibration import (
    ACCENTED_CITY_SHARE,
    CARD_PLUS_VOUCHER_COUNT_WEIGHTS,
    CATEGORY_PRODUCT_COUNTS,
    CATEGORY_TRANSLATIONS,
    CENT,
    CITIES,
    CLOSING_SENTENCES,
    COMMENT_SHARE_BY_SCORE,
    FAR_AWAY_POINTS,
    FAR_AWAY_SHARE,
    FIRST_PURCHASE_DAY,
    FREE_FREIGHT_SHARE,
    GEOLOCATION_ROWS_PER_PREFIX,
    INSTALLMENT_WEIGHTS,
    ITEMLESS_SHARE_BY_STATUS,
    ITEMS_PER_ORDER_WEIGHTS,
    LAST_PURCHASE_DAY,
    LATE_DELIVERY_SHARE,
    MAX_DELIVERY_DAYS,
    MAX_FREIGHT_CENTS,
    MAX_PRICE_CENTS,
    MEDIAN_FREIGHT_REAIS,
    MEDIAN_PRICE_REAIS,
    MILESTONES_BY_STATUS,
    MIN_PRICE_CENTS,
    MISSING_PAYMENT_SHARE,
    MOVED_REPEAT_CUSTOMER_SHARE,
    MULTILINE_COMMENT_SHARE,
    NO_REVIEW_SHARE,
    ORDER_STATUS_WEIGHTS,
    PAYMENT_PLAN_WEIGHTS,
    PRICE_CENTS_ANY_SHARE,
    PRICE_CENTS_WEIGHTS,
    PURCHASE_HOUR_WEIGHTS,
    PURCHASE_MONTH_WEIGHTS,
    QUOTED_WORD_COMMENT_SHARE,
    QUOTED_WORD_SENTENCES,
    REAL_ORDER_COUNT,
    RECENT_CUSTOMERS_KEPT,
    REPEAT_ORDER_SHARE,
    REVIEW_CREATION_DAYS_AFTER_DELIVERY,
    REVIEW_SCORE_WEIGHTS_LATE,
    REVIEW_SCORE_WEIGHTS_ON_TIME,
    REVIEW_SENTENCES,
    REVIEW_TITLES,
    ROUND_VOUCHER_AMOUNTS,
    SAME_PRODUCT_AGAIN_SHARE,
    SAME_SELLER_OTHER_PRODUCT_SHARE,
    SECOND_REVIEW_SHARE,
    SHARED_REVIEW_ID_SHARE,
    TITLE_SHARE_WITH_COMMENT,
    TITLE_SHARE_WITHOUT_COMMENT,
    UNANSWERED_REVIEW_SHARE,
    UNCATEGORISED_PRODUCT_SHARE,
    UNTRANSLATED_CATEGORIES,
    UNTRANSLATED_CATEGORY_SHARE,
    VOUCHER_ONLY_COUNT_WEIGHTS,
    City,
)
from olist_dw.synth.csv_files import (
    CsvFile,
    id_cell,
    money_cell,
    number_cell,
    text_cell,
    timestamp_cell,
    zip_cell,
)
from olist_dw.synth.drawing import (
    RareCase,
    Weighted,
    cents_to_money,
    clamped_int,
    lognormal,
    new_id,
    skewed_index,
    stream,
)
from services.loader.domain.olist_files import (
    CATEGORY_TRANSLATION_FILE,
    CUSTOMERS_FILE,
    GEOLOCATION_FILE,
    ITEMS_FILE,
    ORDERS_FILE,
    PAYMENTS_FILE,
    PRODUCTS_FILE,
    REVIEWS_FILE,
    SELLERS_FILE,
)

# ==========================================================================
# Public API
# ==========================================================================


@dataclass(frozen=True)
class SynthSummary:
    """What ``generate`` wrote: data rows per file name (as written) and where."""

    out_dir: Path
    rows: dict[str, int]


def scale_to_orders(scale: float) -> int:
    """Orders for ``--scale K``: K times the real data set's 99,441 orders."""
    if not scale > 0:
        raise ValueError(f"scale must be positive, got {scale!r}")
    return round(REAL_ORDER_COUNT * scale)


def generate(
    out_dir: Path, orders: int = 2000, seed: int = 42, compress: bool = False
) -> SynthSummary:
    """Write an Olist-shaped data set of ``orders`` orders into ``out_dir``.

    The nine files get the real names (plus ``.gz`` with ``compress``), headers,
    quoting and line endings. Same ``seed`` and ``orders`` => identical bytes.
    """
    if orders < 1:
        raise ValueError(f"orders must be at least 1, got {orders!r}")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    rows: dict[str, int] = {}
    catalog = _Catalog.build(stream(seed, "catalog"), orders)
    addresses = _AddressBook(stream(seed, "addresses"))
    rows.update(
        _write_orders(out_dir, compress, stream(seed, "orders"), orders, catalog, addresses)
    )
    rows.update(_write_products(out_dir, compress, stream(seed, "products"), catalog))
    rows.update(_write_sellers(out_dir, compress, catalog, addresses))
    rows.update(_write_category_translations(out_dir, compress))
    rows.update(_write_geolocation(out_dir, compress, stream(seed, "geolocation"), addresses))
    return SynthSummary(out_dir=out_dir, rows=rows)


# ==========================================================================
# Where people and sellers live
# ==========================================================================


@dataclass(frozen=True)
class _Address:
    zip_prefix: int
    city: City


class _AddressBook:
    """Draws addresses and remembers every zip prefix in use (for geolocation)."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._customer_cities = Weighted((city, city.customer_weight) for city in CITIES)
        self._seller_cities = Weighted(
            (city, city.seller_weight) for city in CITIES if city.seller_weight
        )
        self.city_by_prefix: dict[int, City] = {}

    def for_customer(self) -> _Address:
        return self._address_in(self._customer_cities.pick(self._rng))

    def for_seller(self) -> _Address:
        return self._address_in(self._seller_cities.pick(self._rng))

    def moved_from(self, old: _Address) -> _Address:
        """A new address for someone who moved: another zip prefix."""
        while True:
            new = self.for_customer()
            if new.zip_prefix != old.zip_prefix:
                return new

    def _address_in(self, city: City) -> _Address:
        low, high = city.zip_ranges[self._rng.randrange(len(city.zip_ranges))]
        prefix = self._rng.randint(low, high)
        self.city_by_prefix[prefix] = city
        return _Address(prefix, city)


@dataclass
class _Person:
    unique_id: str
    address: _Address


class _Customers:
    """Olist gives every order its own customer_id; a person (customer_unique_id)
    may come back, sometimes from a new address."""

    def __init__(self, rng: random.Random, addresses: _AddressBook) -> None:
        self._rng = rng
        self._addresses = addresses
        self._recent: list[_Person] = []
        self._next_slot = 0
        self._moved = RareCase(MOVED_REPEAT_CUSTOMER_SHARE, at_least=3, every=1)

    def buyer(self) -> _Person:
        if self._recent and self._rng.random() < REPEAT_ORDER_SHARE:
            person = self._recent[self._rng.randrange(len(self._recent))]
            if self._moved.happens(self._rng):
                person.address = self._addresses.moved_from(person.address)
            return person
        person = _Person(new_id(self._rng), self._addresses.for_customer())
        self._remember(person)
        return person

    def _remember(self, person: _Person) -> None:
        if len(self._recent) < RECENT_CUSTOMERS_KEPT:
            self._recent.append(person)
        else:
            self._recent[self._next_slot] = person
            self._next_slot = (self._next_slot + 1) % RECENT_CUSTOMERS_KEPT


# ==========================================================================
# Products and sellers
# ==========================================================================


def _draw_price_cents(rng: random.Random) -> int:
    """Most prices 10..200 reais, a long tail to thousands; real cent endings."""
    reais = int(lognormal(rng, MEDIAN_PRICE_REAIS, 0.95))
    if rng.random() < PRICE_CENTS_ANY_SHARE:
        cents = rng.randrange(100)
    else:
        cents = _PRICE_CENTS.pick(rng)
    return max(MIN_PRICE_CENTS, min(MAX_PRICE_CENTS, reais * 100 + cents))


def _draw_freight_cents(rng: random.Random) -> int:
    if rng.random() < FREE_FREIGHT_SHARE:
        return 0
    cents = int(lognormal(rng, MEDIAN_FREIGHT_REAIS, 0.55) * 100)
    return max(1, min(MAX_FREIGHT_CENTS, cents))


@dataclass
class _Catalog:
    """The product and seller pools (about orders/3 and orders/32 of them).

    Each seller owns a contiguous block of products, so 'another product of the
    same seller' is cheap; low indexes are the popular products and sellers.
    Only products and sellers that were actually sold get written out.
    """

    product_ids: list[str]
    product_price_cents: list[int]
    product_seller: list[int]
    seller_ids: list[str]
    seller_first_product: list[int]
    seller_product_count: list[int]
    product_sold: bytearray = field(init=False)
    seller_sold: bytearray = field(init=False)

    def __post_init__(self) -> None:
        self.product_sold = bytearray(len(self.product_ids))
        self.seller_sold = bytearray(len(self.seller_ids))

    @classmethod
    def build(cls, rng: random.Random, orders: int) -> _Catalog:
        seller_count = max(2, round(orders / 32))
        product_count = max(seller_count, round(orders / 3))
        cuts = sorted(rng.sample(range(1, product_count), seller_count - 1))
        bounds = [0, *cuts, product_count]
        first = bounds[:-1]
        sizes = [high - low for low, high in zip(bounds, bounds[1:])]
        owner: list[int] = []
        for seller, size in enumerate(sizes):
            owner.extend([seller] * size)
        return cls(
            product_ids=[new_id(rng) for _ in range(product_count)],
            product_price_cents=[_draw_price_cents(rng) for _ in range(product_count)],
            product_seller=owner,
            seller_ids=[new_id(rng) for _ in range(seller_count)],
            seller_first_product=first,
            seller_product_count=sizes,
        )

    def popular_product(self, rng: random.Random) -> int:
        return skewed_index(rng, len(self.product_ids))

    def other_product_of_seller(self, rng: random.Random, seller: int) -> int:
        return self.seller_first_product[seller] + rng.randrange(self.seller_product_count[seller])

    def record_sale(self, product: int) -> None:
        self.product_sold[product] = 1
        self.seller_sold[self.product_seller[product]] = 1


# ==========================================================================
# One order
# ==========================================================================


@dataclass
class _Timeline:
    purchased: datetime
    approved: datetime | None
    handed_to_carrier: datetime | None
    delivered: datetime | None
    estimated_delivery: datetime

    @property
    def late(self) -> bool:
        return self.delivered is not None and self.delivered > self.estimated_delivery


@dataclass
class _Item:
    product: int
    price: Decimal
    freight: Decimal


@dataclass
class _Review:
    review_id: str
    score: int
    title: str
    message: str
    created: datetime
    answered: datetime | None


def _month_start(year_month: tuple[int, int]) -> date:
    return date(year_month[0], year_month[1], 1)


def _draw_purchase_time(rng: random.Random) -> datetime:
    """A purchase moment following the real growth by month and hour of day."""
    month = _PURCHASE_MONTHS.pick(rng)
    first_day = max(_month_start(month), FIRST_PURCHASE_DAY)
    year, month_number = month
    next_month = date(year + month_number // 12, month_number % 12 + 1, 1)
    last_day = min(next_month - timedelta(days=1), LAST_PURCHASE_DAY)
    day = first_day + timedelta(days=rng.randrange((last_day - first_day).days + 1))
    seconds = _PURCHASE_HOURS.pick(rng) * 3600 + rng.randrange(3600)
    return datetime.combine(day, time()) + timedelta(seconds=seconds)


def _approval_delay(rng: random.Random) -> timedelta:
    """Minutes for most orders, hours for many, a couple of days for some."""
    share = rng.random()
    if share < 0.55:
        return timedelta(seconds=rng.randint(60, 40 * 60))
    if share < 0.88:
        return timedelta(seconds=rng.randint(3600, 30 * 3600))
    return timedelta(seconds=rng.randint(30 * 3600, 96 * 3600))


def _days(value: float) -> timedelta:
    return timedelta(seconds=int(value * 86400))


def _estimated_delivery(
    rng: random.Random, purchased: datetime, delivered: datetime, late: bool
) -> datetime:
    """The promised date (at midnight), before or after the actual delivery."""
    delivered_day = delivered.date()
    if late and delivered_day >= purchased.date() + timedelta(days=2):
        days_late = int(rng.triangular(0, 15, 0))
        promised = max(
            delivered_day - timedelta(days=days_late), purchased.date() + timedelta(days=2)
        )
    else:
        slack = int(rng.triangular(0, 30, 8))
        promised = delivered_day + timedelta(days=1 + slack)
    return datetime.combine(promised, time())


def _draw_timeline(rng: random.Random, status: str) -> _Timeline:
    """The full lifecycle, then blanked after the step the status stopped at."""
    purchased = _draw_purchase_time(rng)
    approved = purchased + _approval_delay(rng)
    handed = approved + _days(min(20.0, max(0.05, lognormal(rng, 1.8, 0.9))))
    delivered = handed + _days(max(0.2, lognormal(rng, 7.0, 0.75)))
    latest = purchased + timedelta(days=MAX_DELIVERY_DAYS, seconds=-rng.randrange(86400))
    earliest = purchased + timedelta(days=1, seconds=rng.randrange(12 * 3600))
    # Never before the carrier hand-off (that is at most ~24 days in), 1..40 days in.
    delivered = min(latest, max(earliest, delivered))
    late = rng.random() < LATE_DELIVERY_SHARE
    estimated = _estimated_delivery(rng, purchased, delivered, late)
    has_approval, has_carrier, has_delivery = _MILESTONES[status].pick(rng)
    return _Timeline(
        purchased=purchased,
        approved=approved if has_approval else None,
        handed_to_carrier=handed if has_carrier else None,
        delivered=delivered if has_delivery else None,
        estimated_delivery=estimated,
    )


def _draw_items(rng: random.Random, catalog: _Catalog) -> list[_Item]:
    """1..n items; extra items mostly repeat the product or its seller."""
    count = _ITEMS_PER_ORDER.pick(rng)
    first = catalog.popular_product(rng)
    products = [first]
    for _ in range(count - 1):
        if rng.random() < SAME_PRODUCT_AGAIN_SHARE:
            products.append(first)
        elif rng.random() < SAME_SELLER_OTHER_PRODUCT_SHARE:
            products.append(catalog.other_product_of_seller(rng, catalog.product_seller[first]))
        else:
            products.append(catalog.popular_product(rng))
    first_freight = _draw_freight_cents(rng)
    items = []
    for product in products:
        freight = first_freight if product == first else _draw_freight_cents(rng)
        items.append(
            _Item(
                product,
                cents_to_money(catalog.product_price_cents[product]),
                cents_to_money(freight),
            )
        )
    return items


def _shipping_limit(rng: random.Random, timeline: _Timeline) -> datetime:
    """The seller's deadline to hand the items to the carrier."""
    start = timeline.approved or timeline.purchased
    return start + _days(rng.triangular(2, 10, 5))


def _split_in_parts(rng: random.Random, total: Decimal, parts: int) -> list[Decimal]:
    """Random parts of ``total`` that add up to it to the cent."""
    weights = [rng.randint(1, 10) for _ in range(parts)]
    whole = sum(weights)
    amounts = [(total * weight / whole).quantize(CENT, ROUND_DOWN) for weight in weights[:-1]]
    amounts.append(total - sum(amounts, Decimal("0.00")))
    return amounts


def _voucher_amount(rng: random.Random, budget: Decimal) -> Decimal:
    """A gift voucher: often a round value, otherwise some part of the budget."""
    if rng.random() < 0.5:
        amount = ROUND_VOUCHER_AMOUNTS[rng.randrange(len(ROUND_VOUCHER_AMOUNTS))]
        if amount < budget:
            return amount
    return max(CENT, (budget * rng.randint(10, 90) / 100).quantize(CENT, ROUND_DOWN))


_PaymentLine = tuple[str, int, Decimal]  # (payment_type, installments, value)


def _single_payment(rng: random.Random, kind: str, total: Decimal) -> list[_PaymentLine]:
    installments = _INSTALLMENTS.pick(rng) if kind == "credit_card" else 1
    return [(kind, installments, total)]


def _card_and_vouchers(rng: random.Random, total: Decimal) -> list[_PaymentLine]:
    """Vouchers pay part of the order, the credit card the rest."""
    count = _CARD_PLUS_VOUCHER_COUNT.pick(rng)
    vouchers = [_voucher_amount(rng, total / (count + 1)) for _ in range(count)]
    card = total - sum(vouchers, Decimal("0.00"))
    if card <= 0:
        return _single_payment(rng, "credit_card", total)
    return [
        ("credit_card", _INSTALLMENTS.pick(rng), card),
        *(("voucher", 1, amount) for amount in vouchers),
    ]


def _vouchers_only(rng: random.Random, total: Decimal) -> list[_PaymentLine]:
    parts = _split_in_parts(rng, total, _VOUCHER_ONLY_COUNT.pick(rng))
    if any(part <= 0 for part in parts):
        return _single_payment(rng, "voucher", total)
    return [("voucher", 1, part) for part in parts]


def _draw_payments(rng: random.Random, total: Decimal) -> list[_PaymentLine]:
    """Payment lines that add up to ``total`` to the cent."""
    plan = _PAYMENT_PLANS.pick(rng)
    if plan == "credit_card_and_vouchers":
        return _card_and_vouchers(rng, total)
    if plan == "vouchers":
        return _vouchers_only(rng, total)
    return _single_payment(rng, plan, total)


def _sentiment(score: int) -> str:
    return "good" if score >= 4 else "so_so" if score == 3 else "bad"


class _Reviews:
    """Draws the reviews of an order, keeping the rare quirks of the real file."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._previous: _Review | None = None
        self._shared_id = RareCase(SHARED_REVIEW_ID_SHARE, at_least=2, every=60)
        self._unanswered = RareCase(UNANSWERED_REVIEW_SHARE, at_least=2, every=90)
        self._multiline = RareCase(MULTILINE_COMMENT_SHARE, at_least=2, every=8)
        self._quoted_word = RareCase(QUOTED_WORD_COMMENT_SHARE, at_least=1, every=15)
        self._second_review = RareCase(SECOND_REVIEW_SHARE, at_least=1, every=150)

    def reviews_for(self, timeline: _Timeline) -> list[_Review]:
        rng = self._rng
        if rng.random() < NO_REVIEW_SHARE:
            return []
        if self._previous is not None and self._shared_id.happens(rng):
            # The same review filed on two orders (the real file has 789 such ids).
            reviews = [self._previous]
        else:
            reviews = [self._new_review(timeline)]
        if self._second_review.happens(rng):
            reviews.append(self._new_review(timeline))
        self._previous = reviews[-1]
        return reviews

    def _new_review(self, timeline: _Timeline) -> _Review:
        rng = self._rng
        unhappy = timeline.delivered is None or timeline.late
        score = (_SCORES_LATE if unhappy else _SCORES_ON_TIME).pick(rng)
        mood = _sentiment(score)
        message = self._comment(mood) if rng.random() < COMMENT_SHARE_BY_SCORE[score] else ""
        title_share = TITLE_SHARE_WITH_COMMENT if message else TITLE_SHARE_WITHOUT_COMMENT
        title = rng.choice(REVIEW_TITLES[mood]) if rng.random() < title_share else ""
        created = self._creation_date(timeline)
        answered = None
        if not self._unanswered.happens(rng):
            answered = created + timedelta(
                seconds=min(72 * 3600, 3600 + int(lognormal(rng, 36 * 3600, 0.8)))
            )
        return _Review(new_id(rng), score, title, message, created, answered)

    def _comment(self, mood: str) -> str:
        rng = self._rng
        count = 1 + (rng.random() < 0.35) + (rng.random() < 0.1)
        sentences = rng.sample(REVIEW_SENTENCES[mood], count)
        if self._quoted_word.happens(rng):
            sentences[-1] = rng.choice(QUOTED_WORD_SENTENCES[mood])
        if self._multiline.happens(rng):
            # A line break inside the comment: CRLF inside a quoted field.
            if len(sentences) == 1:
                sentences.append(rng.choice(CLOSING_SENTENCES))
            message = "\r\n".join(sentences)
        else:
            message = " ".join(sentences)
        return message + " " if rng.random() < 0.1 else message

    def _creation_date(self, timeline: _Timeline) -> datetime:
        rng = self._rng
        if timeline.delivered is not None:
            day = timeline.delivered.date() + timedelta(days=_REVIEW_DELAY.pick(rng))
        else:
            day = timeline.purchased.date() + timedelta(days=int(rng.triangular(2, 40, 20)))
        return datetime.combine(day, time())


# ==========================================================================
# Writing the files
# ==========================================================================


def _write_orders(
    out_dir: Path,
    compress: bool,
    rng: random.Random,
    count: int,
    catalog: _Catalog,
    addresses: _AddressBook,
) -> dict[str, int]:
    """Streams orders with their customers, items, payments and reviews."""
    customers = _Customers(rng, addresses)
    reviews = _Reviews(rng)
    missing_payment = RareCase(MISSING_PAYMENT_SHARE)
    with (
        CsvFile(out_dir, ORDERS_FILE, compress) as orders_file,
        CsvFile(out_dir, CUSTOMERS_FILE, compress) as customers_file,
        CsvFile(out_dir, ITEMS_FILE, compress) as items_file,
        CsvFile(out_dir, PAYMENTS_FILE, compress) as payments_file,
        CsvFile(out_dir, REVIEWS_FILE, compress) as reviews_file,
    ):
        for _ in range(count):
            order_id = new_id(rng)
            customer_id = new_id(rng)
            person = customers.buyer()
            status = _ORDER_STATUSES.pick(rng)
            timeline = _draw_timeline(rng, status)
            items = _draw_items(rng, catalog)
            orders_file.row(
                id_cell(order_id),
                id_cell(customer_id),
                status,
                timestamp_cell(timeline.purchased),
                timestamp_cell(timeline.approved),
                timestamp_cell(timeline.handed_to_carrier),
                timestamp_cell(timeline.delivered),
                timestamp_cell(timeline.estimated_delivery),
            )
            address = person.address
            customers_file.row(
                id_cell(customer_id),
                id_cell(person.unique_id),
                zip_cell(address.zip_prefix),
                text_cell(address.city.name),
                address.city.state,
            )
            if rng.random() >= ITEMLESS_SHARE_BY_STATUS.get(status, 0.0):
                _write_items(items_file, rng, order_id, items, timeline, catalog)
            if not missing_payment.happens(rng):
                total = sum((item.price + item.freight for item in items), Decimal("0.00"))
                for sequential, (kind, installments, value) in enumerate(
                    _draw_payments(rng, total), start=1
                ):
                    payments_file.row(
                        id_cell(order_id),
                        str(sequential),
                        kind,
                        str(installments),
                        money_cell(value),
                    )
            for review in reviews.reviews_for(timeline):
                reviews_file.row(
                    id_cell(review.review_id),
                    id_cell(order_id),
                    str(review.score),
                    text_cell(review.title),
                    text_cell(review.message),
                    timestamp_cell(review.created),
                    timestamp_cell(review.answered),
                )
    files = (orders_file, customers_file, items_file, payments_file, reviews_file)
    return {written.name: written.rows for written in files}


def _write_items(
    items_file: CsvFile,
    rng: random.Random,
    order_id: str,
    items: list[_Item],
    timeline: _Timeline,
    catalog: _Catalog,
) -> None:
    shipping_limit = timestamp_cell(_shipping_limit(rng, timeline))
    for number, item in enumerate(items, start=1):
        catalog.record_sale(item.product)
        seller = catalog.product_seller[item.product]
        items_file.row(
            id_cell(order_id),
            str(number),
            id_cell(catalog.product_ids[item.product]),
            id_cell(catalog.seller_ids[seller]),
            shipping_limit,
            money_cell(item.price),
            money_cell(item.freight),
        )


def _product_category(rng: random.Random, uncategorised: RareCase, untranslated: RareCase) -> str:
    if uncategorised.happens(rng):
        return ""
    if untranslated.happens(rng):
        return rng.choice(UNTRANSLATED_CATEGORIES)
    return _TRANSLATED_CATEGORIES.pick(rng)


def _product_cells(rng: random.Random, category: str) -> list[str]:
    """Name/description lengths and photos (empty without a category), size."""
    if category:
        name_length: int | None = clamped_int(rng.triangular(5, 76, 58), 5, 76)
        description_length: int | None = clamped_int(lognormal(rng, 595, 0.85), 4, 3992)
        photos: int | None = clamped_int(1 + rng.expovariate(0.75), 1, 20)
    else:
        name_length = description_length = photos = None
    weight = clamped_int(lognormal(rng, 700, 1.35), 0, 40425)
    length = clamped_int(lognormal(rng, 25, 0.5), 7, 105)
    height = clamped_int(lognormal(rng, 13, 0.75), 2, 105)
    width = clamped_int(lognormal(rng, 20, 0.5), 6, 118)
    return [
        text_cell(category),
        number_cell(name_length),
        number_cell(description_length),
        number_cell(photos),
        str(weight),
        str(length),
        str(height),
        str(width),
    ]


def _write_products(
    out_dir: Path, compress: bool, rng: random.Random, catalog: _Catalog
) -> dict[str, int]:
    uncategorised = RareCase(UNCATEGORISED_PRODUCT_SHARE, at_least=1, every=7)
    untranslated = RareCase(UNTRANSLATED_CATEGORY_SHARE, at_least=1, every=11)
    with CsvFile(out_dir, PRODUCTS_FILE, compress) as products_file:
        for product, product_id in enumerate(catalog.product_ids):
            if catalog.product_sold[product]:
                category = _product_category(rng, uncategorised, untranslated)
                products_file.row(id_cell(product_id), *_product_cells(rng, category))
    return {products_file.name: products_file.rows}


def _write_sellers(
    out_dir: Path, compress: bool, catalog: _Catalog, addresses: _AddressBook
) -> dict[str, int]:
    with CsvFile(out_dir, SELLERS_FILE, compress) as sellers_file:
        for seller, seller_id in enumerate(catalog.seller_ids):
            if catalog.seller_sold[seller]:
                address = addresses.for_seller()
                sellers_file.row(
                    id_cell(seller_id),
                    zip_cell(address.zip_prefix),
                    text_cell(address.city.name),
                    address.city.state,
                )
    return {sellers_file.name: sellers_file.rows}


def _write_category_translations(out_dir: Path, compress: bool) -> dict[str, int]:
    # Like the original: no line end after the last row.
    with CsvFile(
        out_dir, CATEGORY_TRANSLATION_FILE, compress, final_newline=False
    ) as translations_file:
        for portuguese, english in CATEGORY_TRANSLATIONS:
            translations_file.row(portuguese, english)
    return {translations_file.name: translations_file.rows}


def _prefix_spread(city: City) -> float:
    """How far (in degrees) a zip prefix's centre may lie from the city centre."""
    width = sum(high - low + 1 for low, high in city.zip_ranges)
    return 0.12 if width > 500 else 0.06 if width > 100 else 0.03


def _write_geolocation(
    out_dir: Path, compress: bool, rng: random.Random, addresses: _AddressBook
) -> dict[str, int]:
    """1..30 jittered points for every zip prefix in use, a few far away."""
    far_away = RareCase(FAR_AWAY_SHARE, at_least=3, every=97)
    fewest, most = GEOLOCATION_ROWS_PER_PREFIX
    with CsvFile(out_dir, GEOLOCATION_FILE, compress) as geolocation_file:
        for prefix in sorted(addresses.city_by_prefix):
            city = addresses.city_by_prefix[prefix]
            spread = _prefix_spread(city)
            centre_lat = city.lat + rng.uniform(-spread, spread)
            centre_lng = city.lng + rng.uniform(-spread, spread)
            prefix_cell = zip_cell(prefix)
            for _ in range(rng.randint(fewest, most)):
                if far_away.happens(rng):
                    lat, lng = FAR_AWAY_POINTS[rng.randrange(len(FAR_AWAY_POINTS))]
                else:
                    lat, lng = centre_lat, centre_lng
                lat += rng.uniform(-0.005, 0.005)
                lng += rng.uniform(-0.005, 0.005)
                name = city.accented_name if rng.random() < ACCENTED_CITY_SHARE else city.name
                geolocation_file.row(prefix_cell, repr(lat), repr(lng), text_cell(name), city.state)
    return {geolocation_file.name: geolocation_file.rows}


# ==========================================================================
# Distributions built once from the tables above
# ==========================================================================

_PURCHASE_MONTHS: Weighted[tuple[int, int]] = Weighted(PURCHASE_MONTH_WEIGHTS)
_PURCHASE_HOURS: Weighted[int] = Weighted(enumerate(PURCHASE_HOUR_WEIGHTS))
_ORDER_STATUSES: Weighted[str] = Weighted(ORDER_STATUS_WEIGHTS)
_MILESTONES: dict[str, Weighted[tuple[bool, bool, bool]]] = {
    status: Weighted(patterns) for status, patterns in MILESTONES_BY_STATUS.items()
}
_ITEMS_PER_ORDER: Weighted[int] = Weighted(ITEMS_PER_ORDER_WEIGHTS)
_PRICE_CENTS: Weighted[int] = Weighted(PRICE_CENTS_WEIGHTS)
_PAYMENT_PLANS: Weighted[str] = Weighted(PAYMENT_PLAN_WEIGHTS)
_CARD_PLUS_VOUCHER_COUNT: Weighted[int] = Weighted(CARD_PLUS_VOUCHER_COUNT_WEIGHTS)
_VOUCHER_ONLY_COUNT: Weighted[int] = Weighted(VOUCHER_ONLY_COUNT_WEIGHTS)
_INSTALLMENTS: Weighted[int] = Weighted(INSTALLMENT_WEIGHTS)
_SCORES_ON_TIME: Weighted[int] = Weighted(REVIEW_SCORE_WEIGHTS_ON_TIME)
_SCORES_LATE: Weighted[int] = Weighted(REVIEW_SCORE_WEIGHTS_LATE)
_REVIEW_DELAY: Weighted[int] = Weighted(REVIEW_CREATION_DAYS_AFTER_DELIVERY)
_TRANSLATED_CATEGORIES: Weighted[str] = Weighted(
    (portuguese, CATEGORY_PRODUCT_COUNTS[portuguese]) for portuguese, _ in CATEGORY_TRANSLATIONS
)
