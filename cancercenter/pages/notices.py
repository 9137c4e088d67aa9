# ruff: noqa: E501  (the taglines are single sentences in their own scripts)
"""The notices a US cancer center must post, seeded as general pages.

The text is a template written for this project, NOT legal advice: the center's privacy
officer and compliance office must review and adapt every notice before launch. The admin
marks each seeded notice as template text until someone edits it, and
`manage.py check --deploy` warns while any is unchanged (cancercenter/pages/checks.py).

The language-assistance taglines follow the sample translations the US Department of Health
and Human Services published for covered entities (45 CFR 92.11), a US government work.
"""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

REVIEW_NOTE = (
    "> **Template text.** This notice was written as a starting point for the portal. "
    "Your privacy officer and compliance office must review it, and adapt it to your "
    "organization, before the site goes live.\n\n"
)

NOTICES = [
    {
        "slug": "notice-of-privacy-practices",
        "title": "Notice of Privacy Practices",
        "summary": "How we may use and share your health information, and your rights over it.",
        "body": REVIEW_NOTE
        + """This notice describes how medical information about you may be used and
disclosed and how you can get access to this information. Please review it carefully.

## Your rights

When it comes to your health information, you have the right to:

- **Get a copy of your medical record**, on paper or electronically. We will usually
  provide it within 30 days of your request and may charge a reasonable, cost-based fee.
- **Ask us to correct your record** if you think it is incorrect or incomplete.
- **Ask for confidential communication**, for example at a different address or phone.
- **Ask us to limit what we use or share.** We are not required to agree, except that if
  you pay for a service in full yourself, you may ask us not to share it with your insurer.
- **Get a list of those with whom we have shared your information** for six years
  before the date you ask.
- **Get a copy of this notice** at any time, on paper.
- **Choose someone to act for you**, such as a legal guardian or a person with your
  medical power of attorney.
- **File a complaint** if you feel your rights are violated (see below).

## How we use and share your information

- **To treat you**, for example by sharing your test results with the doctors caring
  for you.
- **To run our organization**, for example to improve the quality of care.
- **To bill for your services**, for example with your health insurer.
- **In other ways the law allows or requires**: public health and safety, research under
  strict rules, legal requests, and to prevent serious harm.

We will not sell your information or use it for marketing without your written permission.

## Our responsibilities

We are required by law to keep your health information private and secure, to tell you
promptly if a breach may have compromised it, and to follow the duties and practices in
this notice. We can change this notice; the new notice will be on our website and
available on request.

## Questions and complaints

Contact our privacy officer using the details on our contact page. You can also file a
complaint with the US Department of Health and Human Services Office for Civil Rights.
We will not retaliate against you for filing a complaint.
""",
    },
    {
        "slug": "nondiscrimination",
        "title": "Nondiscrimination notice",
        "summary": "We do not discriminate, and we offer free aids and language services.",
        "body": REVIEW_NOTE
        + """We comply with applicable federal civil rights laws and do not discriminate on
the basis of race, color, national origin, age, disability or sex (including sexual
orientation and gender identity). We do not exclude people or treat them differently
because of any of these.

## Free help we offer

- **For people with disabilities:** qualified sign language interpreters, and written
  information in other formats such as large print, audio and accessible electronic
  formats.
- **For people whose first language is not English:** qualified interpreters, and
  information written in other languages.

If you need these services, call the number at the top of every page of this website.

## If you believe we have failed to provide these services

You can file a grievance with our civil rights coordinator in person, by mail or by
email; the coordinator can help you file it. You can also file a civil rights complaint
with the US Department of Health and Human Services Office for Civil Rights.
""",
    },
    {
        "slug": "language-assistance",
        "title": "Language assistance",
        "summary": "Free interpreters and translated information, in your language.",
        "body": REVIEW_NOTE
        + """Interpreters and translated information are free for patients and families.
Ask any member of our staff, or call us: tell us the language you speak and we will
connect you with an interpreter, by phone, by video or in person.
""",
        "show_language_taglines": True,
    },
    {
        "slug": "privacy",
        "title": "Website privacy policy",
        "summary": "What our website collects, why, how long we keep it, and what it never does.",
        "body": REVIEW_NOTE
        + """## What this website collects

- **Forms.** When you send a form (a gift, a question, a trial inquiry, your story), we
  keep what you typed so our staff can answer you. Please do not send medical records
  through a form.
- **Photos** you send with a story stay private until you have given written permission
  to publish them.
- **Server logs** record the pages asked for, for security and to keep the site working.

## What this website never does

- No advertising or tracking scripts, no third-party analytics and no social media
  widgets.
- We never sell what you send us, or share it for marketing.

## How long we keep it

Form submissions are deleted after they are closed and the retention period set by our
records policy has passed. Server logs are kept for a short time only.

## Your choices

You can ask us to see, correct or delete what you sent through this website by
contacting us. For your medical record, see our Notice of Privacy Practices.
""",
    },
    {
        "slug": "accessibility",
        "title": "Accessibility statement",
        "summary": "Our goal is a website everyone can use. Tell us when something gets in your way.",
        "body": REVIEW_NOTE
        + """We want everyone to be able to use this website, including people who use a
screen reader, a keyboard, voice control, magnification or larger text.

## Our target

We aim to meet the Web Content Accessibility Guidelines (WCAG) 2.2 at level AA. Every
page is tested with automated accessibility checks, by keyboard, at 320 pixels wide and
with text enlarged to 200%.

## Report a barrier

If something on this website is hard to use, please tell us: call us, or send a message
through our contact form and choose “Something else”. Tell us the page and what got in
your way. We will answer, and we will give you the information another way in the
meantime.
""",
    },
    {
        "slug": "patient-rights",
        "title": "Patient rights and responsibilities",
        "summary": "What you can expect from us, and how you can help us care for you.",
        "body": REVIEW_NOTE
        + """## Your rights

- To be treated with dignity and respect, without discrimination.
- To receive information about your diagnosis, treatment and prognosis in words you
  understand, with a free interpreter if you need one.
- To take part in decisions about your care, to refuse treatment, and to ask for a
  second opinion.
- To privacy, and to see and get a copy of your medical record.
- To decide whether to take part in research; saying no never changes your care.
- To name someone to make decisions for you if you cannot.
- To voice a concern or complaint without fear, and to get an answer.

## Your responsibilities

- To give us complete information about your health, medicines and allergies.
- To ask questions when you do not understand.
- To follow the care plan you agreed to, or tell us if you cannot.
- To treat staff and other patients with respect.
""",
    },
]

# The footer's notice links on every page: (path, link text). No database query, so the
# 503 page (database down) still shows them.
FOOTER_NOTICES = [
    ("notice-of-privacy-practices", _("Notice of Privacy Practices")),
    ("nondiscrimination", _("Nondiscrimination notice")),
    ("language-assistance", _("Language assistance")),
    ("privacy", _("Website privacy policy")),
    ("accessibility", _("Accessibility statement")),
    ("patient-rights", _("Patient rights and responsibilities")),
]

# Language code -> (the language's own name, text direction, tagline with {phone}).
TAGLINES = {
    "es": (
        "Español",
        "ltr",
        "ATENCIÓN: si habla español, tiene a su disposición servicios gratuitos de asistencia lingüística. Llame al {phone}.",
    ),
    "zh-Hant": (
        "繁體中文",
        "ltr",
        "注意：如果您使用繁體中文，您可以免費獲得語言援助服務。請致電 {phone}。",
    ),
    "vi": (
        "Tiếng Việt",
        "ltr",
        "CHÚ Ý: Nếu bạn nói Tiếng Việt, có các dịch vụ hỗ trợ ngôn ngữ miễn phí dành cho bạn. Gọi số {phone}.",
    ),
    "tl": (
        "Tagalog",
        "ltr",
        "PAUNAWA: Kung nagsasalita ka ng Tagalog, maaari kang gumamit ng mga serbisyo ng tulong sa wika nang walang bayad. Tumawag sa {phone}.",
    ),
    "ko": (
        "한국어",
        "ltr",
        "주의: 한국어를 사용하시는 경우, 언어 지원 서비스를 무료로 이용하실 수 있습니다. {phone} 번으로 전화해 주십시오.",
    ),
    "hy": (
        "Հայերեն",
        "ltr",
        "ՈՒՇԱԴՐՈՒԹՅՈՒՆ՝ Եթե խոսում եք հայերեն, ապա ձեզ անվճար կարող են տրամադրվել լեզվական աջակցության ծառայություններ: Զանգահարեք {phone}:",
    ),
    "fa": (
        "فارسی",
        "rtl",
        "توجه: اگر به زبان فارسی گفتگو می کنید، تسهیلات زبانی بصورت رایگان برای شما فراهم می باشد. با {phone} تماس بگیرید.",
    ),
    "ru": (
        "Русский",
        "ltr",
        "ВНИМАНИЕ: Если вы говорите на русском языке, то вам доступны бесплатные услуги перевода. Звоните {phone}.",
    ),
    "ja": (
        "日本語",
        "ltr",
        "注意事項：日本語を話される場合、無料の言語支援をご利用いただけます。{phone} まで、お電話にてご連絡ください。",
    ),
    "ar": (
        "العربية",
        "rtl",
        "ملحوظة: إذا كنت تتحدث اللغة العربية، فإن خدمات المساعدة اللغوية تتوفر لك بالمجان. اتصل برقم {phone}.",
    ),
    "pa": (
        "ਪੰਜਾਬੀ",
        "ltr",
        "ਧਿਆਨ ਦਿਓ: ਜੇ ਤੁਸੀਂ ਪੰਜਾਬੀ ਬੋਲਦੇ ਹੋ, ਤਾਂ ਭਾਸ਼ਾ ਵਿੱਚ ਸਹਾਇਤਾ ਸੇਵਾ ਤੁਹਾਡੇ ਲਈ ਮੁਫਤ ਉਪਲਬਧ ਹੈ। {phone} 'ਤੇ ਕਾਲ ਕਰੋ।",
    ),
    "km": (
        "ខ្មែរ",
        "ltr",
        "ប្រយ័ត្ន៖ បើសិនជាអ្នកនិយាយ ភាសាខ្មែរ, សេវាជំនួយផ្នែកភាសា ដោយមិនគិតឈ្នួល គឺអាចមានសំរាប់បំរើអ្នក។ ចូរ ទូរស័ព្ទ {phone}។",
    ),
    "hmn": (
        "Hmoob",
        "ltr",
        "LUS CEEV: Yog tias koj hais lus Hmoob, cov kev pab txog lus, muaj kev pab dawb rau koj. Hu rau {phone}.",
    ),
    "hi": (
        "हिंदी",
        "ltr",
        "ध्यान दें: यदि आप हिंदी बोलते हैं तो आपके लिए मुफ्त में भाषा सहायता सेवाएं उपलब्ध हैं। {phone} पर कॉल करें।",
    ),
    "th": ("ไทย", "ltr", "เรียน: ถ้าคุณพูดภาษาไทยคุณสามารถใช้บริการช่วยเหลือทางภาษาได้ฟรี โทร {phone}"),
}


def taglines() -> list[dict]:
    """The taglines for the languages in LANGUAGE_ASSISTANCE_LANGUAGES, in that order."""
    phone = settings.CENTER["phone_display"]
    rows = []
    for code in settings.LANGUAGE_ASSISTANCE_LANGUAGES:
        name, direction, text = TAGLINES[code]
        rows.append(
            {"code": code, "name": name, "dir": direction, "text": text.format(phone=phone)}
        )
    return rows


def seed_notices(page_model) -> int:
    """Create the notice pages that do not exist yet (by slug at the top of the tree), in
    English and Spanish. Returns how many were created.

    Works with the real model and with a migration's historical one, which has neither a
    custom save() nor modeltranslation's field proxies: every column is set here.
    """
    from django.utils import timezone

    from cancercenter.pages.models import text_fingerprint
    from cancercenter.pages.notices_es import NOTICES_ES
    from education.markdown import render_markdown

    created = 0
    for order, notice in enumerate(NOTICES, start=1):
        if page_model.objects.filter(parent=None, slug=notice["slug"]).exists():
            continue
        spanish = NOTICES_ES[notice["slug"]]
        columns = {}
        for language, text in (("en", notice), ("es", spanish)):
            for field in ("title", "summary", "body"):
                columns[f"{field}_{language}"] = text[field]
            columns[f"body_html_{language}"] = render_markdown(text["body"]).html
            columns[f"status_{language}"] = "published"
        page_model.objects.create(
            slug=notice["slug"],
            title=notice["title"],
            summary=notice["summary"],
            body=notice["body"],
            body_html=columns["body_html_en"],
            status="published",
            **columns,
            show_language_taglines=notice.get("show_language_taglines", False),
            template_fingerprint=text_fingerprint(notice["body"]),
            published_at=timezone.now(),
            order=900 + order,
            path=notice["slug"],
            tree_order=f"{900 + order:05d}.{notice['slug']}/",
            depth=0,
        )
        created += 1
    return created
