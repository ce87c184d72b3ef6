"""What the generator draws from: the figures measured on the real Olist data set (shares,
weights, categories, cities, sentences), as named constants."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

REAL_ORDER_COUNT = 99_441
"""Orders in the real data set; ``--scale K`` means K times this many."""

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
