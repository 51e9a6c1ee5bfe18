"""The brand's fixed reference data: products, web pages, LINE tags, ticket categories.

The sample brand is a Thai beauty retailer selling online, in 40 stores and on LINE.
"""

from __future__ import annotations

import json

import numpy as np

# (sku, product name, category, price in THB)
PRODUCTS: tuple[tuple[str, str, str, float], ...] = (
    ("SKN-001", "Vitamin C Serum 30ml", "skincare", 890.00),
    ("SKN-002", "Hydra Boost Gel Cream 50g", "skincare", 690.00),
    ("SKN-003", "Gentle Foam Cleanser 150ml", "skincare", 290.00),
    ("SKN-004", "Sunscreen SPF50+ PA++++, 40ml", "skincare", 590.00),
    ("SKN-005", "Niacinamide 10% Essence", "skincare", 750.00),
    ("SKN-006", "เซรั่มหน้าใส สูตรอ่อนโยน", "skincare", 1290.00),
    ("SKN-007", "Retinol Night Cream 30g", "skincare", 1490.00),
    ("SKN-008", "Micellar Water 400ml", "skincare", 359.00),
    ("SKN-009", "ครีมกันแดด เนื้อบางเบา", "skincare", 450.00),
    ("SKN-010", 'Sheet Mask "Glow" x10', "skincare", 399.00),
    ("MKP-001", "Matte Lipstick 03 Rose", "makeup", 450.00),
    ("MKP-002", 'Lip Tint "Cherry Pop"', "makeup", 259.00),
    ("MKP-003", "Cushion Foundation SPF35, 21 Light", "makeup", 990.00),
    ("MKP-004", "Waterproof Mascara", "makeup", 390.00),
    ("MKP-005", "Eyeshadow Palette 12 Colors", "makeup", 1190.00),
    ("MKP-006", "แป้งพัฟคุมมัน", "makeup", 329.00),
    ("MKP-007", "Brow Pencil, Dark Brown", "makeup", 199.00),
    ("MKP-008", "Setting Spray 100ml", "makeup", 520.00),
    ("HAR-001", "Argan Oil Shampoo 400ml", "haircare", 349.00),
    ("HAR-002", "Repair Conditioner 400ml", "haircare", 349.00),
    ("HAR-003", "Hair Serum 50ml", "haircare", 420.00),
    ("HAR-004", "ทรีทเมนต์บำรุงผม", "haircare", 279.00),
    ("HAR-005", "Scalp Tonic 100ml", "haircare", 650.00),
    ("BOD-001", "Body Lotion Shea 400ml", "bodycare", 299.00),
    ("BOD-002", "Shower Gel Jasmine 500ml", "bodycare", 219.00),
    ("BOD-003", "Hand Cream Trio, Gift Set", "bodycare", 490.00),
    ("BOD-004", "สครับขัดผิว มะขาม", "bodycare", 189.00),
    ("FRG-001", "Eau de Parfum Jasmine 50ml", "fragrance", 2490.00),
    ("FRG-002", "Body Mist Peach 100ml", "fragrance", 399.00),
    ("FRG-003", "Eau de Toilette Citrus 30ml", "fragrance", 1590.00),
    ("WEL-001", "Collagen Drink x10", "wellness", 590.00),
    ("WEL-002", "Vitamin Gummies 60 pcs", "wellness", 450.00),
    ("WEL-003", "ชาสมุนไพร ผ่อนคลาย", "wellness", 159.00),
    ("ACC-001", "Makeup Brush Set 8 pcs", "accessories", 890.00),
    ("ACC-002", "Cotton Pads 100 pcs", "accessories", 69.00),
    ("ACC-003", "Travel Pouch", "accessories", 250.00),
)

SKUS = np.array([p[0] for p in PRODUCTS], dtype=object)
CATEGORIES = np.array([p[2] for p in PRODUCTS], dtype=object)
PRICE_SATANG = np.array([round(p[3] * 100) for p in PRODUCTS], dtype=np.int64)
# Popularity: cheap everyday items sell more.
PRODUCT_WEIGHTS = 1.0 / np.sqrt(PRICE_SATANG / 10_000.0)
PRODUCT_WEIGHTS = PRODUCT_WEIGHTS / PRODUCT_WEIGHTS.sum()
# JSON of an order item up to the quantity: {"sku":..,"product_name":..,"category":..,"quantity":
ITEM_JSON_HEAD = [
    "{"
    + f'"sku":{json.dumps(sku)},"product_name":{json.dumps(name, ensure_ascii=False)},'
    + f'"category":{json.dumps(category)},"quantity":'
    for sku, name, category, _ in PRODUCTS
]

PAYMENT_METHODS = np.array(
    ["cash", "credit_card", "debit_card", "promptpay", "truemoney", "rabbit_linepay"], dtype=object
)
PAYMENT_WEIGHTS = np.array([0.30, 0.28, 0.07, 0.25, 0.06, 0.04])

SITE = "https://www.glowbeauty.co.th"
STATIC_PAGES = np.array(
    [
        f"{SITE}/",
        f"{SITE}/category/skincare",
        f"{SITE}/category/makeup",
        f"{SITE}/category/haircare",
        f"{SITE}/category/bodycare",
        f"{SITE}/promotions",
        f"{SITE}/stores",
        f"{SITE}/blog/skincare-routine",
        f"{SITE}/th/",
        f"{SITE}/member/points",
    ],
    dtype=object,
)
PRODUCT_PAGES = np.array([f"{SITE}/products/{p[0].lower()}" for p in PRODUCTS], dtype=object)
SEARCH_PAGES = np.array(
    [
        f"{SITE}/search?q={term}"
        for term in (
            "sunscreen",
            "serum",
            "lipstick",
            "vitamin+c",
            "shampoo",
            "%E0%B8%84%E0%B8%A3%E0%B8%B5%E0%B8%A1",  # ครีม, percent-encoded
            "cushion",
            "perfume",
        )
    ],
    dtype=object,
)
CART_PAGE = f"{SITE}/cart"
CHECKOUT_PAGE = f"{SITE}/checkout"
CHECKOUT_DONE_PAGE = f"{SITE}/checkout/complete"
LOGIN_PAGE = f"{SITE}/account/login"
SIGNUP_PAGE = f"{SITE}/account/register"
FORM_PAGES = np.array(
    [f"{SITE}/newsletter", f"{SITE}/contact", f"{SITE}/member/register"], dtype=object
)

# (utm_source, utm_medium, campaign channel it belongs to)
UTM_SOURCES = (
    ("google", "cpc", "web"),
    ("facebook", "social", "social"),
    ("instagram", "social", "social"),
    ("line", "social", "line"),
    ("newsletter", "email", "email"),
    ("tiktok", "social", "social"),
)

LINE_TAGS = np.array(
    [
        "interest:skincare",
        "interest:makeup",
        "interest:haircare",
        "interest:fragrance",
        "interest:wellness",
        "promo:payday",
        "promo:1212",
        "store:nearest",
        "member:points",
    ],
    dtype=object,
)
LINE_FOLLOW_TAGS = np.array(["source:qr_store", "source:web_banner", "source:ads"], dtype=object)

TICKET_CATEGORIES = np.array(
    ["delivery", "refund", "product_question", "account", "loyalty_points", "complaint", "other"],
    dtype=object,
)
TICKET_CATEGORY_WEIGHTS = np.array([0.28, 0.14, 0.2, 0.1, 0.12, 0.08, 0.08])
