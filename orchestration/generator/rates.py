"""Volumes and mess rates of the sample data, in one place so they are easy to tune.

Shares are probabilities per person, per record or per line as their names say.
The defaults aim at roughly 30 landing lines per person over five simulated days,
with under 0.5% of person-bearing records impossible to link.
"""

from __future__ import annotations

from datetime import date

# --- calendar ---------------------------------------------------------------------------
FIRST_DAY = date(2026, 1, 1)  # batch 1 is this day plus all history before it
CRM_FIRST_DAY = date(2015, 1, 1)  # oldest CRM contact
ECOM_FIRST_DAY = date(2019, 1, 1)  # oldest online-store account
LINE_FIRST_FOLLOW_DAYS = 730  # oldest LINE follow, in days before day 1
# Activity before day 1 that the first (backfill) batch carries, per source, in days.
WEB_HISTORY_DAYS = 60
EMAIL_HISTORY_DAYS = 60
LINE_HISTORY_DAYS = 60
ORDER_HISTORY_DAYS = 365
POS_HISTORY_DAYS = 365
SUPPORT_HISTORY_DAYS = 180
SURVEY_HISTORY_DAYS = 180

# --- population (shares of persons) -----------------------------------------------------
ANONYMOUS_VISITOR_SHARE = 0.04  # persons seen only as one anonymous web device
LINE_ONLY_SHARE = 0.03  # persons seen only as a LINE follower who never registered
HAS_EMAIL_SHARE = 0.93
SECOND_EMAIL_SHARE = 0.15  # of persons with an email
HAS_PHONE_SHARE = 0.97
FAMILY_HEAD_SHARE = 0.016  # a household of 2-4 persons sharing one phone starts here
FAMILY_SIZE_WEIGHTS = {2: 0.70, 3: 0.25, 4: 0.05}
CRM_SHARE = 0.62  # of customers with an email or an own phone
LOYALTY_SHARE_OF_CRM = 0.90
CRM_DUPLICATE_CONTACT_SHARE = 0.03  # the same person registered twice
ECOM_SHARE_OF_EMAIL = 0.43  # online-store accounts among customers with an email
GUEST_BUYER_SHARE = 0.10  # of customers with an email and no account
POS_PHONE_SHOPPER_SHARE = 0.35  # non-members with an own phone who give it at the till
LINE_USER_SHARE = 0.30
LINE_IN_CRM_SHARE = 0.50  # LINE users whose id the CRM holds
LINE_BINDING_SHARE = 0.70  # LINE users who registered as members in LINE
LINE_UNLINKED_SHARE = 0.005  # LINE users with other records whose LINE id links to nothing
NEWSLETTER_WEB_SHARE = 0.12  # customers without account who sign up on the website
CRM_WEB_VISITOR_SHARE = 0.20  # CRM contacts without account who fill a web form
SHARED_TABLET_FAMILY_SHARE = 0.5  # households with two account holders that share a tablet
SUPPORT_SHARE = 0.12
SURVEY_SHARE = 0.10
ERASURE_SHARE = 0.0005
ERASURE_MIN_REQUESTS = 2

# --- volumes ----------------------------------------------------------------------------
ORDERS_PER_ACCOUNT_YEAR = 2.0
GUEST_EXTRA_ORDERS = 0.5  # a guest buyer places 1 + Poisson(this) orders
ACCOUNT_GUEST_CHECKOUT_SHARE = 0.04  # orders of account holders placed as a guest
POS_VISITS_PER_MEMBER_YEAR = 2.6
POS_VISITS_PER_PHONE_SHOPPER_YEAR = 1.2
ANONYMOUS_RECEIPTS_PER_PERSON = 0.45
POS_EXTRA_LINES = 1.4  # a receipt has 1 + Poisson(this) lines
WEB_SESSIONS_PER_DEVICE = 2.6  # over WEB_HISTORY_DAYS, plus one
WEB_EXTRA_EVENTS_PER_SESSION = 2.8
EMAIL_CAMPAIGN_EVERY_DAYS = 3
EMAIL_AUDIENCE_SHARE = 0.30  # of the list, per campaign
LINE_EVENTS_PER_USER = 5.0  # over LINE_HISTORY_DAYS
LINE_CAMPAIGN_EVERY_DAYS = 7
WEB_CAMPAIGN_EVERY_DAYS = 30

# --- updates and re-sends ---------------------------------------------------------------
NEW_CONTACT_DAILY_SHARE = 0.002  # CRM contacts / accounts created on each later day
CRM_UPDATE_DAILY_SHARE = 0.01  # contacts re-exported with a later updated_at per day
ECOM_UPDATE_DAILY_SHARE = 0.01
LINE_REBIND_SHARE = 0.03
RESEND_SHARE = {  # rows of an earlier batch repeated verbatim in a later one
    "crm_contacts": 0.02,
    "ecommerce_customers": 0.02,
    "ecommerce_orders": 0.01,
    "pos_transactions": 0.005,
    "pos_transaction_lines": 0.005,
    "web_events": 0.004,
    "email_events": 0.004,
    "line_events": 0.004,
    "line_member_bindings": 0.02,
    "support_tickets": 0.01,
    "survey_responses": 0.005,
    "marketing_campaigns": 0.05,
    "privacy_erasure_requests": 0.0,
}
WEB_DUPLICATE_EVENT_SHARE = 0.01  # web events sent twice by the tracker (same event_id)
MALFORMED_LINE_SHARE = 0.003  # per data line, every file kind but the ones below
MALFORMED_LINE_SHARE_BY_TABLE = {"privacy_erasure_requests": 0.0}

# --- identifier mess (shares of rendered values) ----------------------------------------
EMAIL_MIXED_CASE = 0.10
EMAIL_SPACES = 0.04
EMAIL_MAILTO = 0.02
EMAIL_MESS_IN_ESP = 0.4  # the email service provider cleans most of it: mess x this
CRM_EMAIL_PLACEHOLDER = 0.04  # of CRM contacts with an own phone: placeholder or empty email
CRM_PHONE_PLACEHOLDER = 0.05  # of CRM contacts with a real email: placeholder or empty phone
SUPPORT_PLACEHOLDER_EMAIL = 0.4  # of chat tickets with a phone and no email
SURVEY_PLACEHOLDER_EMAIL = 0.2  # of responses with a phone and no email
ANONYMOUS_FORM_PLACEHOLDER = 0.05  # anonymous visitors typing test@test.com into a form
# Thai mobile forms: 0812345678, 081-234-5678, +66812345678, 66 81 234 5678, (081) 234 5678
PHONE_FORM_WEIGHTS = (0.35, 0.25, 0.15, 0.10, 0.15)
LOYALTY_LOWER_CASE = 0.05
LOYALTY_SPACES = 0.05
LINE_ID_SPACES_IN_SUPPORT = 0.05
NAME_THAI_SCRIPT_CRM = 0.60
NAME_THAI_SCRIPT_ECOM = 0.25
NAME_ALT_SPELLING = 0.10  # the other romanization of the person's name
NAME_HONORIFIC = 0.15
NAME_HONORIFIC_GLUED = 0.40  # of Thai honorifics: no space before the name
NAME_UPPER = 0.10
NAME_LOWER = 0.07
NAME_STRAY_SPACES = 0.05
NAME_FULL_IN_FIRST = 0.02  # whole name typed into first_name, last_name empty
# Birth date forms: ISO CE, DD/MM/YYYY BE, DD/MM/YYYY CE, ISO BE, empty
BIRTH_DATE_FORM_WEIGHTS = (0.52, 0.30, 0.08, 0.05, 0.05)

# --- POS traps --------------------------------------------------------------------------
N_STORES = 40
N_STORE_PHONES = 6  # stores whose cashiers type the store's own number
POS_MEMBER_PHONE = 0.25  # member receipts that also carry a phone
POS_STORE_PHONE_WITH_LOYALTY = 0.006
POS_PLACEHOLDER_PHONE_WITH_LOYALTY = 0.01
POS_MEMBER_FORGOT_CARD = 0.02  # member receipts without loyalty id
POS_STORE_PHONE_ONLY = 0.001  # receipts of phone shoppers where the store phone replaced theirs
POS_VOIDED = 0.015

# --- web --------------------------------------------------------------------------------
WEB_UNLINKED_DEVICE_SHARE = 0.003  # second devices that never log in
WEB_PERSISTED_LOGIN_SHARE = 0.4  # later sessions of a logged-in device that stay logged in

# --- email events -----------------------------------------------------------------------
EMAIL_BOUNCE = 0.015
EMAIL_OPEN = 0.28
EMAIL_CLICK_OF_OPEN = 0.25
EMAIL_UNSUBSCRIBE_OF_OPEN = 0.008
EMAIL_COMPLAINT = 0.001

# --- orders -----------------------------------------------------------------------------
ORDER_CANCELLED = 0.04
ORDER_REFUNDED = 0.02
ORDER_GUEST_ONE_OFF_EMAIL = 0.05  # of account holders' guest checkouts: a typo email, no phone
ORDER_PHONE = 0.85
