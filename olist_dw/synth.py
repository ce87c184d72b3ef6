"""A deterministic generator of an Olist-shaped data set.

``generate(out_dir, orders=..., seed=...)`` writes the nine files of the public
Olist Brazilian e-commerce data set with their real file names, headers, quoting
and line endings, filled with synthetic but realistic values: order statuses and
lifecycle timestamps, repeat customers who moved, multi-item orders, voucher
payment combos that add up to the cent, Portuguese review comments with quoted
line breaks, category-less products, geolocation points (a few outside Brazil).

The same ``seed`` and ``orders`` always give byte-identical files. Rows are
streamed out while they are drawn: only the product and seller pools (about
orders/3 and orders/32 entries), a ring of recent customers and the set of zip
prefixes in use stay in memory. The module reads nothing at run time and uses
only the standard library.
"""

from __future__ import annotations

import gzip
import io
import math
import random
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_DOWN, Decimal
from itertools import accumulate
from pathlib import Path
from typing import Generic, TypeVar

from services.loader.domain.olist_files import (
    CATEGORY_TRANSLATION_FILE,
    CUSTOMERS_FILE,
    GEOLOCATION_FILE,
    ITEMS_FILE,
    OLIST_FILES,
    ORDERS_FILE,
    PAYMENTS_FILE,
    PRODUCTS_FILE,
    REVIEWS_FILE,
    SELLERS_FILE,
    columns_of,
)

__all__ = ["REAL_ORDER_COUNT", "SynthSummary", "generate", "scale_to_orders"]

REAL_ORDER_COUNT = 99_441
"""Orders in the real data set; ``--scale K`` means K times this many."""

# --------------------------------------------------------------------------
# Files, headers and line endings (exactly as in the Kaggle release)
# --------------------------------------------------------------------------

ORDER_ITEMS_FILE, ORDER_PAYMENTS_FILE, ORDER_REVIEWS_FILE = ITEMS_FILE, PAYMENTS_FILE, REVIEWS_FILE


def _quoted_header(*columns: str) -> str:
    return ",".join(f'"{column}"' for column in columns)


HEADERS: dict[str, str] = {
    file: _quoted_header(*columns_of(file))
    for file in OLIST_FILES
    if file != CATEGORY_TRANSLATION_FILE
} | {
    # The original has a UTF-8 BOM, an unquoted header and CRLF line endings.
    CATEGORY_TRANSLATION_FILE: "\ufeff" + ",".join(columns_of(CATEGORY_TRANSLATION_FILE)),
}

# The reviews and the translation table were saved on Windows: CRLF, also
# inside quoted comments. Every other file uses LF.
CRLF_FILES = frozenset({ORDER_REVIEWS_FILE, CATEGORY_TRANSLATION_FILE})

# --------------------------------------------------------------------------
# Product categories
# --------------------------------------------------------------------------

# The 71 rows of product_category_name_translation.csv, in file order.
CATEGORY_TRANSLATIONS: tuple[tuple[str, str], ...] = (
    ("beleza_saude", "health_beauty"),
    ("informatica_acessorios", "computers_accessories"),
    ("automotivo", "auto"),
    ("cama_mesa_banho", "bed_bath_table"),
    ("moveis_decoracao", "furniture_decor"),
    ("esporte_lazer", "sports_leisure"),
    ("perfumaria", "perfumery"),
    ("utilidades_domesticas", "housewares"),
    ("telefonia", "telephony"),
    ("relogios_presentes", "watches_gifts"),
    ("alimentos_bebidas", "food_drink"),
    ("bebes", "baby"),
    ("papelaria", "stationery"),
    ("tablets_impressao_imagem", "tablets_printing_image"),
    ("brinquedos", "toys"),
    ("telefonia_fixa", "fixed_telephony"),
    ("ferramentas_jardim", "garden_tools"),
    ("fashion_bolsas_e_acessorios", "fashion_bags_accessories"),
    ("eletroportateis", "small_appliances"),
    ("consoles_games", "consoles_games"),
    ("audio", "audio"),
    ("fashion_calcados", "fashion_shoes"),
    ("cool_stuff", "cool_stuff"),
    ("malas_acessorios", "luggage_accessories"),
    ("climatizacao", "air_conditioning"),
    ("construcao_ferramentas_construcao", "construction_tools_construction"),
    ("moveis_cozinha_area_de_servico_jantar_e_jardim", "kitchen_dining_laundry_garden_furniture"),
    ("construcao_ferramentas_jardim", "costruction_tools_garden"),
    ("fashion_roupa_masculina", "fashion_male_clothing"),
    ("pet_shop", "pet_shop"),
    ("moveis_escritorio", "office_furniture"),
    ("market_place", "market_place"),
    ("eletronicos", "electronics"),
    ("eletrodomesticos", "home_appliances"),
    ("artigos_de_festas", "party_supplies"),
    ("casa_conforto", "home_confort"),
    ("construcao_ferramentas_ferramentas", "costruction_tools_tools"),
    ("agro_industria_e_comercio", "agro_industry_and_commerce"),
    ("moveis_colchao_e_estofado", "furniture_mattress_and_upholstery"),
    ("livros_tecnicos", "books_technical"),
    ("casa_construcao", "home_construction"),
    ("instrumentos_musicais", "musical_instruments"),
    ("moveis_sala", "furniture_living_room"),
    ("construcao_ferramentas_iluminacao", "construction_tools_lights"),
    ("industria_comercio_e_negocios", "industry_commerce_and_business"),
    ("alimentos", "food"),
    ("artes", "art"),
    ("moveis_quarto", "furniture_bedroom"),
    ("livros_interesse_geral", "books_general_interest"),
    ("construcao_ferramentas_seguranca", "construction_tools_safety"),
    ("fashion_underwear_e_moda_praia", "fashion_underwear_beach"),
    ("fashion_esporte", "fashion_sport"),
    ("sinalizacao_e_seguranca", "signaling_and_security"),
    ("pcs", "computers"),
    ("artigos_de_natal", "christmas_supplies"),
    ("fashion_roupa_feminina", "fashio_female_clothing"),
    ("eletrodomesticos_2", "home_appliances_2"),
    ("livros_importados", "books_imported"),
    ("bebidas", "drinks"),
    ("cine_foto", "cine_photo"),
    ("la_cuisine", "la_cuisine"),
    ("musica", "music"),
    ("casa_conforto_2", "home_comfort_2"),
    ("portateis_casa_forno_e_cafe", "small_appliances_home_oven_and_coffee"),
    ("cds_dvds_musicais", "cds_dvds_musicals"),
    ("dvds_blu_ray", "dvds_blu_ray"),
    ("flores", "flowers"),
    ("artes_e_artesanato", "arts_and_craftmanship"),
    ("fraldas_higiene", "diapers_and_hygiene"),
    ("fashion_roupa_infanto_juvenil", "fashion_childrens_clothes"),
    ("seguros_e_servicos", "security_and_services"),
)

# Products per category in the real products file (its popularity).
CATEGORY_PRODUCT_COUNTS: dict[str, int] = {
    "cama_mesa_banho": 3029,
    "esporte_lazer": 2867,
    "moveis_decoracao": 2657,
    "beleza_saude": 2444,
    "utilidades_domesticas": 2335,
    "automotivo": 1900,
    "informatica_acessorios": 1639,
    "brinquedos": 1411,
    "relogios_presentes": 1329,
    "telefonia": 1134,
    "bebes": 919,
    "perfumaria": 868,
    "papelaria": 849,
    "fashion_bolsas_e_acessorios": 849,
    "cool_stuff": 789,
    "ferramentas_jardim": 753,
    "pet_shop": 719,
    "eletronicos": 517,
    "construcao_ferramentas_construcao": 400,
    "eletrodomesticos": 370,
    "malas_acessorios": 349,
    "consoles_games": 317,
    "moveis_escritorio": 309,
    "instrumentos_musicais": 289,
    "eletroportateis": 231,
    "casa_construcao": 225,
    "livros_interesse_geral": 216,
    "fashion_calcados": 173,
    "moveis_sala": 156,
    "climatizacao": 124,
    "livros_tecnicos": 123,
    "telefonia_fixa": 116,
    "casa_conforto": 111,
    "market_place": 104,
    "alimentos_bebidas": 104,
    "fashion_roupa_masculina": 95,
    "moveis_cozinha_area_de_servico_jantar_e_jardim": 94,
    "sinalizacao_e_seguranca": 93,
    "construcao_ferramentas_seguranca": 91,
    "eletrodomesticos_2": 90,
    "construcao_ferramentas_jardim": 88,
    "alimentos": 82,
    "bebidas": 81,
    "construcao_ferramentas_iluminacao": 78,
    "agro_industria_e_comercio": 74,
    "industria_comercio_e_negocios": 68,
    "artigos_de_natal": 65,
    "audio": 58,
    "artes": 55,
    "fashion_underwear_e_moda_praia": 53,
    "dvds_blu_ray": 48,
    "moveis_quarto": 45,
    "construcao_ferramentas_ferramentas": 39,
    "portateis_casa_forno_e_cafe": 31,
    "livros_importados": 31,
    "pcs": 30,
    "cine_foto": 28,
    "musica": 27,
    "fashion_roupa_feminina": 27,
    "artigos_de_festas": 26,
    "fashion_esporte": 19,
    "artes_e_artesanato": 19,
    "flores": 14,
    "fraldas_higiene": 12,
    "moveis_colchao_e_estofado": 10,
    "la_cuisine": 10,
    "tablets_impressao_imagem": 9,
    "fashion_roupa_infanto_juvenil": 5,
    "casa_conforto_2": 5,
    "seguros_e_servicos": 2,
    "cds_dvds_musicais": 1,
}

# Categories used by products but missing from the translation table.
UNTRANSLATED_CATEGORIES: tuple[str, ...] = (
    "pc_gamer",
    "portateis_cozinha_e_preparadores_de_alimentos",
)
UNTRANSLATED_CATEGORY_SHARE = 13 / 32_951
UNCATEGORISED_PRODUCT_SHARE = 610 / 32_951

# --------------------------------------------------------------------------
# Brazilian cities
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class City:
    """A real Brazilian city, where customers and sellers live."""

    name: str  # as in the customers/sellers files: ascii, lower case
    accented_name: str  # as the geolocation file sometimes spells it
    state: str
    lat: float
    lng: float
    zip_ranges: tuple[tuple[int, int], ...]  # inclusive ranges of 5-digit prefixes
    customer_weight: int  # customers in the real data set
    seller_weight: int  # sellers in the real data set


def _city(
    name: str,
    accented: str,
    state: str,
    lat: float,
    lng: float,
    zip_ranges: tuple[tuple[int, int], ...],
    customers: int,
    sellers: int,
) -> City:
    return City(name, accented, state, lat, lng, zip_ranges, customers, sellers)


CITIES: tuple[City, ...] = (
    _city(
        "sao paulo", "são paulo", "SP", -23.5641, -46.6503, ((1001, 5999), (8000, 8499)), 15540, 694
    ),
    _city(
        "rio de janeiro", "rio de janeiro", "RJ", -22.9145, -43.2728, ((20231, 23087),), 6882, 93
    ),
    _city(
        "belo horizonte", "belo horizonte", "MG", -19.9194, -43.9526, ((30140, 31840),), 2773, 66
    ),
    _city("brasilia", "brasília", "DF", -15.8173, -47.9363, ((70331, 73092),), 2131, 28),
    _city("curitiba", "curitiba", "PR", -25.4452, -49.2735, ((80035, 82810),), 1521, 124),
    _city("campinas", "campinas", "SP", -22.9018, -47.0626, ((13020, 13092),), 1444, 41),
    _city("porto alegre", "porto alegre", "RS", -30.0377, -51.1944, ((90020, 91790),), 1379, 27),
    _city("salvador", "salvador", "BA", -12.9718, -38.4673, ((40110, 41830),), 1245, 7),
    _city("guarulhos", "guarulhos", "SP", -23.4484, -46.5185, ((7024, 7251),), 1189, 50),
    _city(
        "sao bernardo do campo",
        "são bernardo do campo",
        "SP",
        -23.7088,
        -46.5629,
        ((9624, 9892),),
        938,
        32,
    ),
    _city("niteroi", "niterói", "RJ", -22.9029, -43.1011, ((24030, 24358),), 849, 8),
    _city("santo andre", "santo andré", "SP", -23.6598, -46.524, ((9030, 9280),), 796, 45),
    _city("osasco", "osasco", "SP", -23.5391, -46.7885, ((6020, 6283),), 746, 32),
    _city("santos", "santos", "SP", -23.9645, -46.3269, ((11015, 11085),), 713, 16),
    _city("goiania", "goiânia", "GO", -16.6887, -49.269, ((74070, 74845),), 692, 23),
    _city(
        "sao jose dos campos",
        "são josé dos campos",
        "SP",
        -23.2127,
        -45.8927,
        ((12212, 12246),),
        691,
        18,
    ),
    _city("fortaleza", "fortaleza", "CE", -3.7531, -38.5271, ((60060, 60862),), 654, 7),
    _city("sorocaba", "sorocaba", "SP", -23.4917, -47.468, ((18016, 18095),), 633, 32),
    _city("recife", "recife", "PE", -8.0569, -34.909, ((50060, 52130),), 613, 5),
    _city("florianopolis", "florianópolis", "SC", -27.5905, -48.5226, ((88010, 88085),), 570, 17),
    _city("jundiai", "jundiaí", "SP", -23.1861, -46.8916, ((13201, 13219),), 565, 14),
    _city("ribeirao preto", "ribeirão preto", "SP", -21.184, -47.8043, ((14015, 14095),), 510, 52),
    _city("belem", "belém", "PA", -1.4379, -48.4714, ((66025, 66823),), 443, 0),
    _city("nova iguacu", "nova iguaçu", "RJ", -22.748, -43.4606, ((26012, 26291),), 442, 5),
    _city("barueri", "barueri", "SP", -23.4994, -46.8735, ((6404, 6472),), 433, 13),
    _city("juiz de fora", "juiz de fora", "MG", -21.7603, -43.3538, ((36010, 36087),), 427, 9),
    _city("contagem", "contagem", "MG", -19.9265, -44.0474, ((32013, 32341),), 426, 12),
    _city("sao goncalo", "são gonçalo", "RJ", -22.8255, -43.0247, ((24416, 24752),), 409, 7),
    _city("mogi das cruzes", "mogi das cruzes", "SP", -23.5315, -46.1934, ((8710, 8830),), 383, 15),
    _city("vitoria", "vitória", "ES", -20.2923, -40.2966, ((29018, 29090),), 379, 4),
    _city("uberlandia", "uberlândia", "MG", -18.9191, -48.2739, ((38400, 38414),), 374, 12),
    _city("piracicaba", "piracicaba", "SP", -22.7288, -47.6461, ((13400, 13425),), 369, 12),
    _city("sao luis", "são luís", "MA", -2.5313, -44.2496, ((65030, 65082),), 353, 1),
    _city(
        "sao jose do rio preto",
        "são josé do rio preto",
        "SP",
        -20.8119,
        -49.383,
        ((15014, 15091),),
        335,
        33,
    ),
    _city("vila velha", "vila velha", "ES", -20.3514, -40.307, ((29101, 29124),), 334, 4),
    _city("carapicuiba", "carapicuíba", "SP", -23.5439, -46.8382, ((6311, 6395),), 328, 10),
    _city("maua", "mauá", "SP", -23.671, -46.4487, ((9310, 9390),), 323, 13),
    _city("campo grande", "campo grande", "MS", -20.4649, -54.6113, ((79002, 79114),), 320, 4),
    _city("praia grande", "praia grande", "SP", -24.0171, -46.4553, ((11700, 11723),), 311, 10),
    _city("londrina", "londrina", "PR", -23.316, -51.1673, ((86010, 86084),), 306, 25),
    _city("taboao da serra", "taboão da serra", "SP", -23.6193, -46.78, ((6753, 6787),), 296, 10),
    _city("diadema", "diadema", "SP", -23.6887, -46.6146, ((9910, 9990),), 286, 9),
    _city("serra", "serra", "ES", -20.1886, -40.2554, ((29160, 29178),), 285, 3),
    _city("teresina", "teresina", "PI", -5.0788, -42.7916, ((64002, 64080),), 281, 1),
    _city("indaiatuba", "indaiatuba", "SP", -23.0945, -47.2171, ((13330, 13348),), 280, 8),
    _city(
        "sao caetano do sul",
        "são caetano do sul",
        "SP",
        -23.624,
        -46.5658,
        ((9520, 9580),),
        277,
        20,
    ),
    _city("bauru", "bauru", "SP", -22.3288, -49.0652, ((17011, 17065),), 273, 14),
    _city("maringa", "maringá", "PR", -23.4184, -51.9332, ((87005, 87083),), 271, 40),
    _city("taubate", "taubaté", "SP", -23.0264, -45.5623, ((12010, 12091),), 270, 6),
    _city("duque de caxias", "duque de caxias", "RJ", -22.726, -43.2967, ((25020, 25268),), 266, 3),
    _city("joinville", "joinville", "SC", -26.2946, -48.8432, ((89201, 89237),), 264, 22),
    _city("joao pessoa", "joão pessoa", "PB", -7.1244, -34.8446, ((58013, 58079),), 256, 2),
    _city("cotia", "cotia", "SP", -23.6057, -46.9075, ((6700, 6726),), 250, 10),
    _city("cuiaba", "cuiabá", "MT", -15.597, -56.0776, ((78010, 78090),), 248, 2),
    _city("maceio", "maceió", "AL", -9.643, -35.7282, ((57014, 57084),), 247, 0),
    _city("aracaju", "aracaju", "SE", -10.9351, -37.0645, ((49010, 49096),), 225, 1),
    _city("natal", "natal", "RN", -5.8151, -35.2157, ((59015, 59125),), 207, 2),
    _city("manaus", "manaus", "AM", -3.0851, -60.0087, ((69018, 69095),), 140, 1),
    _city("porto velho", "porto velho", "RO", -8.7604, -63.8815, ((76801, 76829),), 113, 1),
    _city("palmas", "palmas", "TO", -10.1997, -48.3255, ((77001, 77060),), 91, 0),
    _city("rio branco", "rio branco", "AC", -9.9652, -67.823, ((69900, 69919),), 70, 1),
    _city("macapa", "macapá", "AP", 0.0335, -51.0667, ((68900, 68909),), 54, 0),
    _city("boa vista", "boa vista", "RR", 2.8242, -60.6991, ((69301, 69317),), 45, 0),
)

# A few geolocation rows of the real file sit in Portugal, Spain, Italy, the
# Canaries, Argentina or Texas: faulty geocoding that a data-quality check
# should catch. These are the places the generator puts such rows.
FAR_AWAY_POINTS: tuple[tuple[float, float], ...] = (
    (41.6140, -8.4117),  # Braga, Portugal
    (38.3817, -6.3282),  # Extremadura, Spain
    (42.4393, 13.8202),  # Abruzzo, Italy
    (28.0090, -15.5369),  # Gran Canaria
    (-34.5864, -58.7321),  # Buenos Aires province
    (29.4093, -98.4841),  # San Antonio, Texas
)
FAR_AWAY_SHARE = 42 / 1_000_163
ACCENTED_CITY_SHARE = 0.15
GEOLOCATION_ROWS_PER_PREFIX = (1, 30)

# --------------------------------------------------------------------------
# Orders: when, which status, how fast
# --------------------------------------------------------------------------

# Orders per purchase month in the real data: growth through 2017, a plateau
# in 2018 and a sudden stop in September 2018.
PURCHASE_MONTH_WEIGHTS: tuple[tuple[tuple[int, int], int], ...] = (
    ((2016, 9), 4),
    ((2016, 10), 324),
    ((2016, 12), 1),
    ((2017, 1), 800),
    ((2017, 2), 1780),
    ((2017, 3), 2682),
    ((2017, 4), 2404),
    ((2017, 5), 3700),
    ((2017, 6), 3245),
    ((2017, 7), 4026),
    ((2017, 8), 4331),
    ((2017, 9), 4285),
    ((2017, 10), 4631),
    ((2017, 11), 7544),
    ((2017, 12), 5673),
    ((2018, 1), 7269),
    ((2018, 2), 6728),
    ((2018, 3), 7211),
    ((2018, 4), 6939),
    ((2018, 5), 6873),
    ((2018, 6), 6167),
    ((2018, 7), 6292),
    ((2018, 8), 6512),
    ((2018, 9), 16),
    ((2018, 10), 4),
)
FIRST_PURCHASE_DAY = date(2016, 9, 4)
LAST_PURCHASE_DAY = date(2018, 10, 17)

# Orders per hour of the day (0..23) in the real data: quiet nights, busy afternoons.
PURCHASE_HOUR_WEIGHTS: tuple[int, ...] = (
    2394,
    1170,
    510,
    272,
    206,
    188,
    502,
    1231,
    2967,
    4785,
    6177,
    6578,
    5995,
    6518,
    6569,
    6454,
    6675,
    6150,
    5769,
    5982,
    6193,
    6217,
    5816,
    4123,
)

ORDER_STATUS_WEIGHTS: tuple[tuple[str, int], ...] = (
    ("delivered", 96478),
    ("shipped", 1107),
    ("canceled", 625),
    ("unavailable", 609),
    ("invoiced", 314),
    ("processing", 301),
    ("created", 5),
    ("approved", 2),
)

# Which of (approved, handed to carrier, delivered to customer) each status
# has, with the real frequencies of each pattern.
MILESTONES_BY_STATUS: dict[str, tuple[tuple[tuple[bool, bool, bool], int], ...]] = {
    "delivered": (((True, True, True), 1),),
    "shipped": (((True, True, False), 1),),
    "canceled": (
        ((False, False, False), 141),
        ((True, False, False), 409),
        ((True, True, False), 69),
        ((True, True, True), 6),
    ),
    "unavailable": (((True, False, False), 1),),
    "invoiced": (((True, False, False), 1),),
    "processing": (((True, False, False), 1),),
    "created": (((False, False, False), 1),),
    "approved": (((True, False, False), 1),),
}

# Share of orders of a status that have no item rows at all.
ITEMLESS_SHARE_BY_STATUS: dict[str, float] = {
    "unavailable": 603 / 609,
    "canceled": 164 / 625,
    "created": 1.0,
}

LATE_DELIVERY_SHARE = 0.081
MAX_DELIVERY_DAYS = 40

# --------------------------------------------------------------------------
# Items, prices, payments
# --------------------------------------------------------------------------

ITEMS_PER_ORDER_WEIGHTS: tuple[tuple[int, int], ...] = (
    (1, 88863),
    (2, 7516),
    (3, 1322),
    (4, 505),
    (5, 204),
    (6, 198),
    (7, 22),
    (8, 8),
    (9, 3),
    (10, 8),
    (11, 4),
    (12, 5),
    (13, 1),
    (14, 2),
    (15, 2),
    (20, 2),
    (21, 1),
)
SAME_PRODUCT_AGAIN_SHARE = 0.67  # extra items that repeat the first product
SAME_SELLER_OTHER_PRODUCT_SHARE = 0.6  # of the rest: another product of the same seller

# Last two digits of real prices: 58.90, 199.00, 39.99, ...
PRICE_CENTS_WEIGHTS: tuple[tuple[int, int], ...] = (
    (90, 40106),
    (0, 32788),
    (99, 20473),
    (50, 2647),
    (80, 1549),
    (49, 1348),
    (89, 879),
    (40, 768),
)
PRICE_CENTS_ANY_SHARE = 0.07
MEDIAN_PRICE_REAIS = 75
MAX_PRICE_CENTS = 6_735_00
MIN_PRICE_CENTS = 85
MEDIAN_FREIGHT_REAIS = 16.3
MAX_FREIGHT_CENTS = 100_00
FREE_FREIGHT_SHARE = 0.0034

CENT = Decimal("0.01")

PAYMENT_PLAN_WEIGHTS: tuple[tuple[str, float], ...] = (
    ("credit_card", 0.747),
    ("boleto", 0.199),
    ("debit_card", 0.0155),
    ("voucher", 0.012),
    ("credit_card_and_vouchers", 0.0245),
    ("vouchers", 0.0065),
)
CARD_PLUS_VOUCHER_COUNT_WEIGHTS: tuple[tuple[int, int], ...] = ((1, 82), (2, 13), (3, 5))
VOUCHER_ONLY_COUNT_WEIGHTS: tuple[tuple[int, int], ...] = ((2, 74), (3, 14), (4, 8), (5, 4))
ROUND_VOUCHER_AMOUNTS: tuple[Decimal, ...] = tuple(
    Decimal(amount)
    for amount in ("5.00", "10.00", "15.00", "20.00", "25.00", "30.00", "50.00", "100.00")
)

# Credit card installments in the real payments (two rows really have 0).
INSTALLMENT_WEIGHTS: tuple[tuple[int, int], ...] = (
    (0, 2),
    (1, 25455),
    (2, 12413),
    (3, 10461),
    (4, 7098),
    (5, 5239),
    (6, 3920),
    (7, 1626),
    (8, 4268),
    (9, 644),
    (10, 5328),
    (11, 23),
    (12, 133),
    (13, 16),
    (14, 15),
    (15, 74),
    (16, 5),
    (17, 8),
    (18, 27),
    (20, 17),
    (21, 3),
    (22, 1),
    (23, 1),
    (24, 18),
)
MISSING_PAYMENT_SHARE = 1 / REAL_ORDER_COUNT

# --------------------------------------------------------------------------
# Customers
# --------------------------------------------------------------------------

REPEAT_ORDER_SHARE = (REAL_ORDER_COUNT - 96_096) / REAL_ORDER_COUNT
MOVED_REPEAT_CUSTOMER_SHARE = 250 / 3_000
RECENT_CUSTOMERS_KEPT = 4096  # repeat buyers are drawn from this many recent people

# --------------------------------------------------------------------------
# Reviews
# --------------------------------------------------------------------------

REVIEW_SCORE_WEIGHTS_ON_TIME: tuple[tuple[int, int], ...] = (
    (1, 5855),
    (2, 2335),
    (3, 7086),
    (4, 18033),
    (5, 55349),
)
REVIEW_SCORE_WEIGHTS_LATE: tuple[tuple[int, int], ...] = (
    (1, 3554),
    (2, 606),
    (3, 876),
    (4, 954),
    (5, 1711),
)
COMMENT_SHARE_BY_SCORE: dict[int, float] = {1: 0.75, 2: 0.7, 3: 0.5, 4: 0.3, 5: 0.35}
TITLE_SHARE_WITH_COMMENT = 0.25
TITLE_SHARE_WITHOUT_COMMENT = 0.02
NO_REVIEW_SHARE = (REAL_ORDER_COUNT - 98_673) / REAL_ORDER_COUNT
SECOND_REVIEW_SHARE = 547 / REAL_ORDER_COUNT
SHARED_REVIEW_ID_SHARE = 789 / 99_224
UNANSWERED_REVIEW_SHARE = 56 / 99_224
MULTILINE_COMMENT_SHARE = 0.09
QUOTED_WORD_COMMENT_SHARE = 0.004
REVIEW_CREATION_DAYS_AFTER_DELIVERY: tuple[tuple[int, int], ...] = (
    (0, 8),
    (1, 80),
    (2, 6),
    (3, 3),
    (4, 2),
    (5, 1),
)

REVIEW_SENTENCES: dict[str, tuple[str, ...]] = {
    "good": (
        "Produto excelente, chegou antes do prazo.",
        "Recomendo a loja, tudo certo com a entrega.",
        "Ótimo produto, muito bem embalado.",
        "Chegou rápido e em perfeito estado.",
        "Estou muito satisfeita com a compra.",
        "Produto de ótima qualidade, igual à descrição.",
        "Entrega super rápida, parabéns!",
        "Comprei para presente e a minha mãe adorou.",
        "Tudo conforme o anunciado, recomendo.",
        "Bom custo-benefício.",
        "Superou as expectativas",
        "Lindo, do jeito que eu queria.",
        "A loja é confiável, já é a segunda vez que compro.",
        "Veio bem embalado, com nota fiscal.",
    ),
    "so_so": (
        "O produto é bom, mas a embalagem veio amassada.",
        "Achei o produto razoável.",
        "Chegou dentro do prazo, porém a cor é diferente da foto.",
        "Ainda não testei, mas parece bom.",
        "Produto ok, nada de especial.",
        "10 dias para chegar, mas valeu a pena.",
        "A qualidade poderia ser melhor pelo preço.",
        "Demorou um pouco, mas chegou.",
    ),
    "bad": (
        "Não recebi o produto até agora.",
        "Produto veio com defeito, quero a devolução do dinheiro.",
        "Péssimo atendimento, ninguém responde os e-mails.",
        "Comprei 2 unidades e só recebi 1.",
        "A entrega atrasou mais de uma semana.",
        "O produto não corresponde à descrição, veio menor.",
        "Faltou uma peça, estou tentando contato com a loja.",
        "Recebi um produto diferente do que comprei.",
        "Não recomendo, a peça quebrou no primeiro uso.",
        "Paguei o frete e a encomenda não chegou.",
    ),
}
# Said after a line break when a one-sentence comment gets a second line.
CLOSING_SENTENCES: tuple[str, ...] = ("Obrigado.", "Obg.", "Att,", "Nota 10!")
# Sentences with double quotes inside (they must be escaped as "" in the file).
QUOTED_WORD_SENTENCES: dict[str, tuple[str, ...]] = {
    "good": (
        'Veio escrito "original" na caixa e é mesmo, recomendo.',
        'Chegou no "prazo certo", adorei.',
    ),
    "so_so": ('Produto "ok", nada demais.', 'O tamanho "G" veste como M, mas é bonito.'),
    "bad": (
        'Veio escrito "original" na caixa, mas parece falsificado.',
        'O vendedor disse que era "pronta entrega", mas demorou 20 dias.',
    ),
}
REVIEW_TITLES: dict[str, tuple[str, ...]] = {
    "good": (
        "Recomendo",
        "recomendo",
        "Super recomendo",
        "Ótimo",
        "Excelente",
        "Muito bom",
        "10",
        "Nota 10",
        "Entrega rápida",
        "Perfeito",
        "Otimo",
    ),
    "so_so": ("Bom", "Ok", "Razoável", "Poderia ser melhor", "Boa"),
    "bad": (
        "Não recomendo",
        "Produto errado",
        "Não recebi o produto",
        "Produto com defeito",
        "Péssimo",
        "Ruim",
        "Atraso na entrega",
    ),
}

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
    catalog = _Catalog.build(_stream(seed, "catalog"), orders)
    addresses = _AddressBook(_stream(seed, "addresses"))
    rows.update(
        _write_orders(out_dir, compress, _stream(seed, "orders"), orders, catalog, addresses)
    )
    rows.update(_write_products(out_dir, compress, _stream(seed, "products"), catalog))
    rows.update(_write_sellers(out_dir, compress, catalog, addresses))
    rows.update(_write_category_translations(out_dir, compress))
    rows.update(_write_geolocation(out_dir, compress, _stream(seed, "geolocation"), addresses))
    return SynthSummary(out_dir=out_dir, rows=rows)


# ==========================================================================
# Drawing values
# ==========================================================================

T = TypeVar("T")


def _stream(seed: int, purpose: str) -> random.Random:
    """An independent, reproducible random stream for one part of the data set."""
    return random.Random(f"olist-synth:{seed}:{purpose}")


def _new_id(rng: random.Random) -> str:
    """A 32-char lowercase hex id, like Olist's anonymised ids."""
    return f"{rng.getrandbits(128):032x}"


class _Weighted(Generic[T]):
    """Picks values with given weights (bisect on cumulative weights: fast)."""

    def __init__(self, pairs: Iterable[tuple[T, float]]) -> None:
        values, weights = zip(*pairs)
        self._values: tuple[T, ...] = tuple(values)
        self._cumulative = list(accumulate(weights))
        self._total = self._cumulative[-1]
        self._last = len(self._values) - 1

    def pick(self, rng: random.Random) -> T:
        index = bisect_right(self._cumulative, rng.random() * self._total)
        return self._values[min(index, self._last)]


@dataclass
class _RareCase:
    """A rare event that still shows up in tiny data sets.

    Happens with probability ``rate`` at each chance; in addition, while fewer
    than ``at_least`` happened, it is forced at every ``every``-th chance.
    """

    rate: float
    at_least: int = 0
    every: int = 1
    chances: int = 0
    seen: int = 0

    def happens(self, rng: random.Random) -> bool:
        self.chances += 1
        hit = rng.random() < self.rate or (
            self.seen < self.at_least and self.chances % self.every == 0
        )
        self.seen += hit
        return hit


def _skewed_index(rng: random.Random, size: int, skew: float = 2.0) -> int:
    """An index in range(size), low indexes far more likely (popular first)."""
    return int(size * rng.random() ** skew)


def _lognormal(rng: random.Random, median: float, sigma: float) -> float:
    return rng.lognormvariate(math.log(median), sigma)


def _clamped_int(value: float, low: int, high: int) -> int:
    return max(low, min(high, int(value)))


def _cents_to_money(cents: int) -> Decimal:
    return Decimal(cents).scaleb(-2)


# ==========================================================================
# Rendering CSV cells (the original's convention)
# ==========================================================================
# Text is quoted only when it starts with a digit or holds a comma, a quote or
# a line break; numbers and timestamps are never quoted; null is empty.


def _text(value: str) -> str:
    if not value:
        return ""
    if value[0].isdigit() or "," in value or '"' in value or "\n" in value or "\r" in value:
        return '"' + value.replace('"', '""') + '"'
    return value


def _id(hex_id: str) -> str:
    return f'"{hex_id}"' if hex_id[0] <= "9" else hex_id


def _zip(prefix: int) -> str:
    return f'"{prefix:05d}"'


def _timestamp(moment: datetime | None) -> str:
    return "" if moment is None else moment.isoformat(" ")


def _money(amount: Decimal) -> str:
    return f"{amount.quantize(CENT)}"


def _number(value: int | None) -> str:
    return "" if value is None else str(value)


class _CsvFile:
    """One output file: header first, then rows; counts the data rows."""

    def __init__(
        self, out_dir: Path, name: str, compress: bool, final_newline: bool = True
    ) -> None:
        self.name = name + (".gz" if compress else "")
        self.rows = 0
        self._line_end = "\r\n" if name in CRLF_FILES else "\n"
        self._final_newline = final_newline
        path = out_dir / self.name
        if compress:
            # mtime=0 keeps the gzip header, hence the bytes, reproducible.
            binary = gzip.GzipFile(filename=path, mode="wb", compresslevel=6, mtime=0)
            self._out: io.TextIOWrapper = io.TextIOWrapper(binary, encoding="utf-8", newline="")
        else:
            self._out = open(path, "w", encoding="utf-8", newline="")  # noqa: SIM115 - closed by close()
        self._out.write(HEADERS[name])

    def row(self, *cells: str) -> None:
        # The line end goes before each row so the last one can be left out.
        self._out.write(self._line_end + ",".join(cells))
        self.rows += 1

    def close(self) -> None:
        if self._final_newline:
            self._out.write(self._line_end)
        self._out.close()

    def __enter__(self) -> _CsvFile:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


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
        self._customer_cities = _Weighted((city, city.customer_weight) for city in CITIES)
        self._seller_cities = _Weighted(
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
        self._moved = _RareCase(MOVED_REPEAT_CUSTOMER_SHARE, at_least=3, every=1)

    def buyer(self) -> _Person:
        if self._recent and self._rng.random() < REPEAT_ORDER_SHARE:
            person = self._recent[self._rng.randrange(len(self._recent))]
            if self._moved.happens(self._rng):
                person.address = self._addresses.moved_from(person.address)
            return person
        person = _Person(_new_id(self._rng), self._addresses.for_customer())
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
    reais = int(_lognormal(rng, MEDIAN_PRICE_REAIS, 0.95))
    if rng.random() < PRICE_CENTS_ANY_SHARE:
        cents = rng.randrange(100)
    else:
        cents = _PRICE_CENTS.pick(rng)
    return max(MIN_PRICE_CENTS, min(MAX_PRICE_CENTS, reais * 100 + cents))


def _draw_freight_cents(rng: random.Random) -> int:
    if rng.random() < FREE_FREIGHT_SHARE:
        return 0
    cents = int(_lognormal(rng, MEDIAN_FREIGHT_REAIS, 0.55) * 100)
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
            product_ids=[_new_id(rng) for _ in range(product_count)],
            product_price_cents=[_draw_price_cents(rng) for _ in range(product_count)],
            product_seller=owner,
            seller_ids=[_new_id(rng) for _ in range(seller_count)],
            seller_first_product=first,
            seller_product_count=sizes,
        )

    def popular_product(self, rng: random.Random) -> int:
        return _skewed_index(rng, len(self.product_ids))

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
    handed = approved + _days(min(20.0, max(0.05, _lognormal(rng, 1.8, 0.9))))
    delivered = handed + _days(max(0.2, _lognormal(rng, 7.0, 0.75)))
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
                _cents_to_money(catalog.product_price_cents[product]),
                _cents_to_money(freight),
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
        self._shared_id = _RareCase(SHARED_REVIEW_ID_SHARE, at_least=2, every=60)
        self._unanswered = _RareCase(UNANSWERED_REVIEW_SHARE, at_least=2, every=90)
        self._multiline = _RareCase(MULTILINE_COMMENT_SHARE, at_least=2, every=8)
        self._quoted_word = _RareCase(QUOTED_WORD_COMMENT_SHARE, at_least=1, every=15)
        self._second_review = _RareCase(SECOND_REVIEW_SHARE, at_least=1, every=150)

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
                seconds=min(72 * 3600, 3600 + int(_lognormal(rng, 36 * 3600, 0.8)))
            )
        return _Review(_new_id(rng), score, title, message, created, answered)

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
    missing_payment = _RareCase(MISSING_PAYMENT_SHARE)
    with (
        _CsvFile(out_dir, ORDERS_FILE, compress) as orders_file,
        _CsvFile(out_dir, CUSTOMERS_FILE, compress) as customers_file,
        _CsvFile(out_dir, ORDER_ITEMS_FILE, compress) as items_file,
        _CsvFile(out_dir, ORDER_PAYMENTS_FILE, compress) as payments_file,
        _CsvFile(out_dir, ORDER_REVIEWS_FILE, compress) as reviews_file,
    ):
        for _ in range(count):
            order_id = _new_id(rng)
            customer_id = _new_id(rng)
            person = customers.buyer()
            status = _ORDER_STATUSES.pick(rng)
            timeline = _draw_timeline(rng, status)
            items = _draw_items(rng, catalog)
            orders_file.row(
                _id(order_id),
                _id(customer_id),
                status,
                _timestamp(timeline.purchased),
                _timestamp(timeline.approved),
                _timestamp(timeline.handed_to_carrier),
                _timestamp(timeline.delivered),
                _timestamp(timeline.estimated_delivery),
            )
            address = person.address
            customers_file.row(
                _id(customer_id),
                _id(person.unique_id),
                _zip(address.zip_prefix),
                _text(address.city.name),
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
                        _id(order_id), str(sequential), kind, str(installments), _money(value)
                    )
            for review in reviews.reviews_for(timeline):
                reviews_file.row(
                    _id(review.review_id),
                    _id(order_id),
                    str(review.score),
                    _text(review.title),
                    _text(review.message),
                    _timestamp(review.created),
                    _timestamp(review.answered),
                )
    files = (orders_file, customers_file, items_file, payments_file, reviews_file)
    return {written.name: written.rows for written in files}


def _write_items(
    items_file: _CsvFile,
    rng: random.Random,
    order_id: str,
    items: list[_Item],
    timeline: _Timeline,
    catalog: _Catalog,
) -> None:
    shipping_limit = _timestamp(_shipping_limit(rng, timeline))
    for number, item in enumerate(items, start=1):
        catalog.record_sale(item.product)
        seller = catalog.product_seller[item.product]
        items_file.row(
            _id(order_id),
            str(number),
            _id(catalog.product_ids[item.product]),
            _id(catalog.seller_ids[seller]),
            shipping_limit,
            _money(item.price),
            _money(item.freight),
        )


def _product_category(rng: random.Random, uncategorised: _RareCase, untranslated: _RareCase) -> str:
    if uncategorised.happens(rng):
        return ""
    if untranslated.happens(rng):
        return rng.choice(UNTRANSLATED_CATEGORIES)
    return _TRANSLATED_CATEGORIES.pick(rng)


def _product_cells(rng: random.Random, category: str) -> list[str]:
    """Name/description lengths and photos (empty without a category), size."""
    if category:
        name_length: int | None = _clamped_int(rng.triangular(5, 76, 58), 5, 76)
        description_length: int | None = _clamped_int(_lognormal(rng, 595, 0.85), 4, 3992)
        photos: int | None = _clamped_int(1 + rng.expovariate(0.75), 1, 20)
    else:
        name_length = description_length = photos = None
    weight = _clamped_int(_lognormal(rng, 700, 1.35), 0, 40425)
    length = _clamped_int(_lognormal(rng, 25, 0.5), 7, 105)
    height = _clamped_int(_lognormal(rng, 13, 0.75), 2, 105)
    width = _clamped_int(_lognormal(rng, 20, 0.5), 6, 118)
    return [
        _text(category),
        _number(name_length),
        _number(description_length),
        _number(photos),
        str(weight),
        str(length),
        str(height),
        str(width),
    ]


def _write_products(
    out_dir: Path, compress: bool, rng: random.Random, catalog: _Catalog
) -> dict[str, int]:
    uncategorised = _RareCase(UNCATEGORISED_PRODUCT_SHARE, at_least=1, every=7)
    untranslated = _RareCase(UNTRANSLATED_CATEGORY_SHARE, at_least=1, every=11)
    with _CsvFile(out_dir, PRODUCTS_FILE, compress) as products_file:
        for product, product_id in enumerate(catalog.product_ids):
            if catalog.product_sold[product]:
                category = _product_category(rng, uncategorised, untranslated)
                products_file.row(_id(product_id), *_product_cells(rng, category))
    return {products_file.name: products_file.rows}


def _write_sellers(
    out_dir: Path, compress: bool, catalog: _Catalog, addresses: _AddressBook
) -> dict[str, int]:
    with _CsvFile(out_dir, SELLERS_FILE, compress) as sellers_file:
        for seller, seller_id in enumerate(catalog.seller_ids):
            if catalog.seller_sold[seller]:
                address = addresses.for_seller()
                sellers_file.row(
                    _id(seller_id),
                    _zip(address.zip_prefix),
                    _text(address.city.name),
                    address.city.state,
                )
    return {sellers_file.name: sellers_file.rows}


def _write_category_translations(out_dir: Path, compress: bool) -> dict[str, int]:
    # Like the original: no line end after the last row.
    with _CsvFile(
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
    far_away = _RareCase(FAR_AWAY_SHARE, at_least=3, every=97)
    fewest, most = GEOLOCATION_ROWS_PER_PREFIX
    with _CsvFile(out_dir, GEOLOCATION_FILE, compress) as geolocation_file:
        for prefix in sorted(addresses.city_by_prefix):
            city = addresses.city_by_prefix[prefix]
            spread = _prefix_spread(city)
            centre_lat = city.lat + rng.uniform(-spread, spread)
            centre_lng = city.lng + rng.uniform(-spread, spread)
            zip_cell = _zip(prefix)
            for _ in range(rng.randint(fewest, most)):
                if far_away.happens(rng):
                    lat, lng = FAR_AWAY_POINTS[rng.randrange(len(FAR_AWAY_POINTS))]
                else:
                    lat, lng = centre_lat, centre_lng
                lat += rng.uniform(-0.005, 0.005)
                lng += rng.uniform(-0.005, 0.005)
                name = city.accented_name if rng.random() < ACCENTED_CITY_SHARE else city.name
                geolocation_file.row(zip_cell, repr(lat), repr(lng), _text(name), city.state)
    return {geolocation_file.name: geolocation_file.rows}


# ==========================================================================
# Distributions built once from the tables above
# ==========================================================================

_PURCHASE_MONTHS: _Weighted[tuple[int, int]] = _Weighted(PURCHASE_MONTH_WEIGHTS)
_PURCHASE_HOURS: _Weighted[int] = _Weighted(enumerate(PURCHASE_HOUR_WEIGHTS))
_ORDER_STATUSES: _Weighted[str] = _Weighted(ORDER_STATUS_WEIGHTS)
_MILESTONES: dict[str, _Weighted[tuple[bool, bool, bool]]] = {
    status: _Weighted(patterns) for status, patterns in MILESTONES_BY_STATUS.items()
}
_ITEMS_PER_ORDER: _Weighted[int] = _Weighted(ITEMS_PER_ORDER_WEIGHTS)
_PRICE_CENTS: _Weighted[int] = _Weighted(PRICE_CENTS_WEIGHTS)
_PAYMENT_PLANS: _Weighted[str] = _Weighted(PAYMENT_PLAN_WEIGHTS)
_CARD_PLUS_VOUCHER_COUNT: _Weighted[int] = _Weighted(CARD_PLUS_VOUCHER_COUNT_WEIGHTS)
_VOUCHER_ONLY_COUNT: _Weighted[int] = _Weighted(VOUCHER_ONLY_COUNT_WEIGHTS)
_INSTALLMENTS: _Weighted[int] = _Weighted(INSTALLMENT_WEIGHTS)
_SCORES_ON_TIME: _Weighted[int] = _Weighted(REVIEW_SCORE_WEIGHTS_ON_TIME)
_SCORES_LATE: _Weighted[int] = _Weighted(REVIEW_SCORE_WEIGHTS_LATE)
_REVIEW_DELAY: _Weighted[int] = _Weighted(REVIEW_CREATION_DAYS_AFTER_DELIVERY)
_TRANSLATED_CATEGORIES: _Weighted[str] = _Weighted(
    (portuguese, CATEGORY_PRODUCT_COUNTS[portuguese]) for portuguese, _ in CATEGORY_TRANSLATIONS
)
