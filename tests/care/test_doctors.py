"""Find a doctor: /doctors/, /doctors/<slug>/, and asking for an appointment with one."""

from http import HTTPStatus

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cancercenter.care import services
from cancercenter.care.models import AppointmentRequest, Provider
from cancercenter.pages.models import Location
from tests.care.factories import ProviderFactory
from tests.care.test_appointments import appointment_data
from tests.factories import CancerTypeFactory, TopicFactory, TreatmentFactory
from tests.jsonld import json_ld
from tests.stories.test_images import jpeg_with_gps, upload
from tests.trials.factories import TrialFactory

pytestmark = pytest.mark.django_db

URL = "/doctors/"


def location(slug: str, name: str, **extra) -> Location:
    return Location.objects.create(
        name=name, slug=slug, street="2 Oak Road", city="Springfield", region="CA",
        postal_code="90000", phone="+1-555-010-4020", phone_display="(555) 010-4020", **extra,
    )  # fmt: skip


@pytest.fixture
def directory():
    """Three doctors who differ in every way the filters look at."""
    car_t = TreatmentFactory(name="CAR T-cell therapy", slug="car-t")
    transplant = TreatmentFactory(name="Stem cell transplant", slug="transplant")
    lymphoma = CancerTypeFactory(name="Lymphoma", slug="lymphoma")
    lung = CancerTypeFactory(name="Lung cancer", slug="lung")
    main = location("main", "Main hospital", kind="Hospital")
    clinic = location("clinic", "Oak clinic")
    return {
        "ortiz": ProviderFactory(
            name="Dana Ortiz", slug="dana-ortiz", treatments=[car_t, transplant],
            cancer_types=[lymphoma], locations=[main], languages_spoken=["en", "es"],
        ),
        "tran": ProviderFactory(
            name="Mei Tran", slug="mei-tran", treatments=[transplant], cancer_types=[lung],
            locations=[clinic], languages_spoken=["en", "vi"],
        ),
        "mendoza": ProviderFactory(
            name="Rafael Mendoza", slug="rafael-mendoza", cancer_types=[lung],
            locations=[main, clinic], languages_spoken=["en"], accepting_new_patients=False,
        ),
        "draft": ProviderFactory(name="Not Ready", slug="not-ready", is_published=False,
                                 treatments=[car_t]),
    }  # fmt: skip


def names_on(client, **params) -> set[str]:
    response = client.get(URL, params)
    assert response.status_code == HTTPStatus.OK
    return {provider.name for provider in response.context["providers"]}


def test_list_shows_published_doctors_with_a_count(client, directory):
    response = client.get(URL)
    body = response.content.decode()
    assert "3 doctors" in body
    assert "Dr. Dana Ortiz, MD" in body
    assert 'href="/doctors/dana-ortiz/"' in body
    assert "Not Ready" not in body
    assert "Not taking new patients at the moment" in body  # Dr. Mendoza


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"treatment": "car-t"}, {"Dana Ortiz"}),
        ({"treatment": "transplant"}, {"Dana Ortiz", "Mei Tran"}),
        ({"cancer_type": "lung"}, {"Mei Tran", "Rafael Mendoza"}),
        ({"location": "clinic"}, {"Mei Tran", "Rafael Mendoza"}),
        ({"language": "es"}, {"Dana Ortiz"}),
        ({"language": "vi"}, {"Mei Tran"}),
        ({"accepting": "on"}, {"Dana Ortiz", "Mei Tran"}),
        ({"cancer_type": "lung", "accepting": "on"}, {"Mei Tran"}),
        ({"location": "main", "language": "vi"}, set()),
    ],
)
def test_each_filter_narrows_the_list(client, directory, params, expected):
    assert names_on(client, **params) == expected


def test_filters_offer_only_values_some_published_doctor_has(client, directory):
    TreatmentFactory(name="Radiation", slug="radiation")
    form = client.get(URL).context["filter_form"]
    assert [value for value, _label in form.fields["treatment"].choices] == [
        "",
        "car-t",
        "transplant",
    ]
    assert [value for value, _label in form.fields["language"].choices] == ["", "en", "es", "vi"]
    assert {value for value, _label in form.fields["location"].choices} == {"", "main", "clinic"}


@pytest.mark.parametrize(
    "params",
    [
        {"treatment": "no-such-thing"},
        {"cancer_type": "x" * 5000},
        {"location": "mäin ☃"},
        {"language": "klingon"},
        {"accepting": "maybe"},
        {"page": "abc"},
        {"page": "-3"},
        {"page": "999"},
        {"treatment": "'; DROP TABLE care_provider; --"},
    ],
)
def test_unknown_filter_values_are_ignored_without_an_error(client, directory, params):
    response = client.get(URL, params)
    assert response.status_code == HTTPStatus.OK
    body = response.content.decode()
    assert "Select a valid choice" not in body
    assert 'aria-invalid="true"' not in body


def test_empty_filter_result_offers_the_full_list(client, directory):
    body = client.get(URL, {"location": "main", "language": "vi"}).content.decode()
    assert "0 doctors" in body
    assert "No doctor matches all of these choices" in body


def test_list_is_paginated_and_pages_keep_the_filters(client):
    car_t = TreatmentFactory(slug="car-t")
    for index in range(15):
        ProviderFactory(name=f"Doctor {index:02}", treatments=[car_t])
    first = client.get(URL, {"treatment": "car-t"})
    assert len(first.context["providers"]) == 12
    body = first.content.decode()
    assert "15 doctors" in body
    assert "Page 1 of 2" in body
    assert 'href="?treatment=car-t&amp;page=2"' in body
    second = client.get(URL, {"treatment": "car-t", "page": 2})
    assert len(second.context["providers"]) == 3


def _many_doctors(count: int) -> None:
    """`count` doctors, each with two treatments, a cancer type, two locations, two languages."""
    treatments = [TreatmentFactory() for _ in range(2)]
    cancer_type = CancerTypeFactory()
    places = [location(f"place-{count}-{n}", f"Place {n}") for n in range(2)]
    providers = Provider.objects.bulk_create(
        Provider(name=f"Doctor {n}", slug=f"doctor-{count}-{n}", languages_spoken=["en", "es"],
                 is_published=True)
        for n in range(count)
    )  # fmt: skip
    Provider.treatments.through.objects.bulk_create(
        Provider.treatments.through(provider=p, treatment=t) for p in providers for t in treatments
    )
    Provider.cancer_types.through.objects.bulk_create(
        Provider.cancer_types.through(provider=p, cancertype=cancer_type) for p in providers
    )
    Provider.locations.through.objects.bulk_create(
        Provider.locations.through(provider=p, location=loc) for p in providers for loc in places
    )


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == HTTPStatus.OK
    return len(captured)


def test_doctor_list_runs_the_same_queries_for_3_or_500_doctors(client):
    _many_doctors(3)
    few = _queries(client, URL)
    few_filtered = _queries(client, URL + "?language=es&accepting=on")
    Provider.objects.all().delete()
    _many_doctors(500)
    many = _queries(client, URL)
    many_filtered = _queries(client, URL + "?language=es&accepting=on")
    assert few == many <= 8
    assert few_filtered == many_filtered <= 8
    assert "500 doctors" in client.get(URL).content.decode()


def test_doctor_page_runs_a_fixed_number_of_queries(
    client, directory, django_assert_max_num_queries
):
    doctor = directory["ortiz"]
    doctor.trials.set([TrialFactory() for _ in range(5)])
    doctor.locations.add(*(location(f"extra-{n}", f"Extra {n}") for n in range(5)))
    for treatment in doctor.treatments.all():
        TopicFactory(treatment=treatment)
    with django_assert_max_num_queries(8):
        assert client.get(doctor.get_absolute_url()).status_code == HTTPStatus.OK


def test_doctor_page_tells_who_they_are_and_links_to_the_request_form(client, directory):
    doctor = directory["ortiz"]
    trial = TrialFactory(nct_id="NCT00000777", brief_title="A study of new cells")
    doctor.trials.add(trial)
    TopicFactory(treatment=doctor.treatments.get(slug="car-t"), slug="car-t-guide")
    body = client.get("/doctors/dana-ortiz/").content.decode()
    assert "<h1>Dr. Dana Ortiz, MD</h1>" in body
    assert "Request an appointment with Dr. Ortiz" in body
    assert 'href="/appointments/request/?doctor=dana-ortiz"' in body
    assert 'href="/education/car-t-guide/"' in body  # its treatment's topic
    assert 'href="/trials/NCT00000777/"' in body
    assert "English, Spanish" in body
    assert "Main hospital" in body
    assert '<h2 id="section-training">Training</h2>' in body  # Markdown, rendered


def test_draft_doctor_is_hidden_from_the_public_and_shown_to_staff(
    client, django_user_model, directory
):
    assert client.get("/doctors/not-ready/").status_code == HTTPStatus.NOT_FOUND
    assert client.get("/doctors/no-one/").status_code == HTTPStatus.NOT_FOUND
    client.force_login(
        django_user_model.objects.create_user(username="editor", is_staff=True, is_superuser=True)
    )
    preview = client.get("/doctors/not-ready/")
    assert preview.status_code == HTTPStatus.OK
    assert "no-store" in preview["Cache-Control"]
    assert preview["X-Robots-Tag"] == "noindex"


def test_biography_html_is_sanitised(client):
    ProviderFactory(
        slug="risky", biography="Hello <script>alert(1)</script> [x](javascript:alert(1))"
    )
    body = client.get("/doctors/risky/").content.decode()
    assert "<script>alert(1)" not in body
    assert "javascript:alert" not in body


def test_doctor_page_has_valid_physician_json_ld(client, directory):
    doctor = directory["ortiz"]
    doctor.title = "Blood cancer specialist"
    doctor.save()
    data = json_ld(client.get(doctor.get_absolute_url()).content.decode())
    (physician,) = data["Physician"]
    assert physician["name"] == "Dr. Dana Ortiz, MD"
    assert physician["url"].endswith("/doctors/dana-ortiz/")
    assert physician["url"].startswith("http")
    assert physician["isAcceptingNewPatients"] is True
    assert physician["knowsLanguage"] == ["English", "Spanish"]
    assert {s["name"] for s in physician["availableService"]} == {
        "CAR T-cell therapy", "Stem cell transplant"
    }  # fmt: skip
    assert all(s["@type"] == "MedicalTherapy" for s in physician["availableService"])
    assert physician["address"]["@type"] == "PostalAddress"
    assert physician["hospitalAffiliation"][0]["@type"] == "Hospital"
    assert physician["jobTitle"] == "Blood cancer specialist"
    assert "Trained in internal medicine" in physician["description"]
    assert "<" not in physician["description"]


def test_spanish_page_shows_the_spanish_profile_or_marks_the_english_one(client, directory):
    doctor = directory["ortiz"]
    body = client.get("/es" + doctor.get_absolute_url()).content.decode()
    assert 'lang="en"' in body  # no Spanish biography yet: the English one, marked
    doctor.title_es = "Especialista en cánceres de la sangre"
    doctor.biography_es = "## Formación\n\nHematología."
    doctor.save()
    body = client.get("/es" + doctor.get_absolute_url()).content.decode()
    assert "Especialista en cánceres de la sangre" in body
    assert "Formación" in body


# Asking for an appointment with a chosen doctor -----------------------------------------


def test_request_link_preselects_the_doctor_and_stores_it(client, post_form, directory):
    response = client.get("/appointments/request/", {"doctor": "dana-ortiz"})
    body = response.content.decode()
    assert "You are asking for an appointment with <strong>Dr. Dana Ortiz, MD</strong>" in body
    assert '<option value="dana-ortiz" selected>' in body
    response = post_form("/appointments/request/", appointment_data(doctor="dana-ortiz"))
    assert response.status_code == HTTPStatus.FOUND
    stored = AppointmentRequest.objects.get()
    assert stored.doctor == directory["ortiz"]
    staff = next(m for m in mail.outbox if m.to == ["info@cancercenter.example"])
    assert "Doctor asked for: Dr. Dana Ortiz, MD" in staff.body


@pytest.mark.parametrize("slug", ["no-such-doctor", "not-ready", "x" * 500, "a b", "<b>"])
def test_unknown_or_unpublished_doctor_in_the_link_is_ignored(client, directory, slug):
    response = client.get("/appointments/request/", {"doctor": slug})
    assert response.status_code == HTTPStatus.OK
    body = response.content.decode()
    assert "You are asking for an appointment with" not in body
    assert '<option value="" selected>No preference: the team will choose' in body
    assert 'value="not-ready"' not in body


def test_request_without_a_doctor_still_works(post_form, directory):
    assert post_form("/appointments/request/", appointment_data()).status_code == HTTPStatus.FOUND
    assert AppointmentRequest.objects.get().doctor is None


def test_an_unknown_doctor_sent_with_the_form_is_an_error_next_to_the_field(post_form, directory):
    response = post_form("/appointments/request/", appointment_data(doctor="not-ready"))
    assert response.status_code == HTTPStatus.OK
    assert "doctor" in response.context["form"].errors
    assert AppointmentRequest.objects.count() == 0
    assert "Rosa Delgado" in response.content.decode()  # nothing typed is lost


def test_deleting_a_doctor_keeps_the_request(post_form, directory):
    post_form("/appointments/request/", appointment_data(doctor="dana-ortiz"))
    directory["ortiz"].delete()
    assert AppointmentRequest.objects.get().doctor is None


# Topic and trial pages ------------------------------------------------------------------


def test_topic_page_shows_its_doctors(client, directory):
    topic = TopicFactory(treatment=directory["ortiz"].treatments.get(slug="car-t"))
    body = client.get(topic.get_absolute_url()).content.decode()
    assert "Our doctors for this treatment" in body
    assert 'href="/doctors/dana-ortiz/"' in body
    assert "Not Ready" not in body
    assert "Mei Tran" not in body
    assert 'href="/doctors/?treatment=car-t"' in body


def test_topic_page_shows_doctors_of_its_cancer_types(client, directory):
    topic = TopicFactory()
    topic.cancer_types.add(directory["tran"].cancer_types.get())
    body = client.get(topic.get_absolute_url()).content.decode()
    assert 'href="/doctors/mei-tran/"' in body
    assert 'href="/doctors/rafael-mendoza/"' in body
    assert 'href="/doctors/dana-ortiz/"' not in body


def test_topic_without_doctors_shows_no_section(client):
    body = client.get(TopicFactory().get_absolute_url()).content.decode()
    assert "Our doctors for this treatment" not in body


def test_trial_page_shows_the_doctors_who_lead_it(client, directory):
    trial = TrialFactory(nct_id="NCT00000888")
    directory["tran"].trials.add(trial)
    directory["draft"].trials.add(trial)
    body = client.get("/trials/NCT00000888/").content.decode()
    assert "Doctors who lead this trial" in body
    assert 'href="/doctors/mei-tran/"' in body
    assert "Not Ready" not in body


@pytest.mark.parametrize("count", [1, 20])
def test_topic_and_trial_pages_keep_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, count
):
    treatment = TreatmentFactory()
    trial = TrialFactory()
    for _ in range(count):
        ProviderFactory(treatments=[treatment], trials=[trial])
    topic = TopicFactory(treatment=treatment)
    with django_assert_max_num_queries(7):
        assert client.get(topic.get_absolute_url()).status_code == HTTPStatus.OK
    with django_assert_max_num_queries(8):
        assert client.get(trial.get_absolute_url()).status_code == HTTPStatus.OK


# Portraits and the back office ----------------------------------------------------------


def test_portrait_is_stripped_of_metadata_and_resized():
    doctor = ProviderFactory()
    services.provider_photo_set(
        provider=doctor, upload=upload(jpeg_with_gps()), alt="A placeholder portrait"
    )
    from PIL import Image

    with doctor.photo.open("rb") as file, Image.open(file) as image:
        assert max(image.size) == services.PORTRAIT_MAX_SIDE
        assert not image.getexif()
    assert (doctor.photo_width, doctor.photo_height) == (600, 450)
    assert doctor.photo.name.startswith("doctors/")


def test_a_portrait_needs_alt_text():
    from django.core.exceptions import ValidationError

    doctor = ProviderFactory()
    with pytest.raises(ValidationError) as error:
        services.provider_photo_set(provider=doctor, upload=upload(jpeg_with_gps()))
    assert "photo_alt" in error.value.message_dict


def test_admin_pages_open(staff_client, directory):
    for url in [
        "/admin/care/provider/",
        "/admin/care/provider/?q=ortiz",
        "/admin/care/provider/?language=es&is_published__exact=1",
        "/admin/care/provider/add/",
        f"/admin/care/provider/{directory['ortiz'].pk}/change/",
        "/admin/care/appointmentrequest/",
    ]:
        assert staff_client.get(url).status_code == HTTPStatus.OK, url
    changelist = staff_client.get("/admin/care/provider/?q=ortiz").content.decode()
    assert "Dr. Dana Ortiz, MD" in changelist
    assert "Mei Tran" not in changelist


def test_admin_saves_a_doctor_with_a_portrait(staff_client, directory):
    response = staff_client.post(
        "/admin/care/provider/add/",
        {
            "name": "Lee Park",
            "slug": "lee-park",
            "credentials": "MD",
            "form_of_address": "dr",
            "title_en": "Lymphoma specialist",
            "photo": upload(jpeg_with_gps()),
            "photo_alt_en": "A placeholder portrait",
            "languages_spoken": "en",
            "accepting_new_patients": "on",
            "biography_en": "Hello.",
            "is_published": "on",
            "treatments": [directory["ortiz"].treatments.first().pk],
        },  # fmt: skip
    )
    assert response.status_code == HTTPStatus.FOUND, response.content.decode()[:3000]
    doctor = Provider.objects.get(slug="lee-park")
    assert (doctor.photo_width, doctor.photo_height) == (600, 450)
    assert staff_client.get("/doctors/lee-park/").status_code == HTTPStatus.OK


def test_roles_give_editors_the_profiles_and_the_appointment_center_a_view():
    from cancercenter.roles import ROLES

    by_name = {role.name: {(a, m): p for a, m, p in role.permissions} for role in ROLES}
    assert by_name["Content editors"][("care", "provider")] == ("view", "add", "change")
    assert by_name["Appointment center"][("care", "provider")] == ("view",)


def test_sitemap_lists_doctors_in_the_languages_they_are_written_in(client, directory):
    directory["tran"].biography_es = "Hola."
    directory["tran"].save()
    body = client.get("/sitemap.xml").content.decode()
    assert "/doctors/dana-ortiz/</loc>" in body
    assert "/es/doctors/mei-tran/</loc>" in body
    assert "/es/doctors/dana-ortiz/</loc>" not in body
    assert "not-ready" not in body
    assert "/doctors/</loc>" in body


def test_doctors_is_a_site_link_editors_can_put_in_a_menu():
    from cancercenter.pages.links import site_link_choices, site_link_url

    assert ("doctors", "Find a doctor") in [(k, str(v)) for k, v in site_link_choices()]
    assert site_link_url("doctors") == "/doctors/"


def test_demo_doctors_load_once_with_generated_portraits():
    from cancercenter.care import demo

    first = demo.load()
    assert first["doctors"] == Provider.objects.count() >= 5
    assert all(p.photo and p.photo_alt_en and p.biography_es for p in Provider.objects.all())
    assert demo.load()["portraits drawn"] == 0


def test_the_whole_demo_ties_doctors_to_its_treatments_places_and_trials(
    client, settings, tmp_path
):
    from io import StringIO

    from django.core.management import call_command

    settings.MEDIA_ROOT = tmp_path
    call_command("load_demo_content", stdout=StringIO())
    ortiz = Provider.objects.get(slug="dana-ortiz")
    assert set(ortiz.treatments.values_list("slug", flat=True)) == {
        "stem-cell-transplant", "car-t-cell-therapy"
    }  # fmt: skip
    assert ortiz.locations.get().slug == "main-hospital"
    assert ortiz.trials.get().nct_id == "NCT05147467"
    assert "6 doctors" in client.get(URL).content.decode()
    topic = client.get("/education/car-t-cell-therapy/").content.decode()
    assert 'href="/doctors/kwame-asante/"' in topic
    trial = client.get("/trials/NCT04956640/").content.decode()
    assert 'href="/doctors/mei-lin-tran/"' in trial
    spanish = client.get("/es/doctors/dana-ortiz/").content.decode()
    assert "Cómo trabaja" in spanish


def test_form_of_address_names_doctors_and_other_clinicians():
    doctor = ProviderFactory(name="Dana Ortiz", credentials="MD", form_of_address="dra")
    nurse = ProviderFactory(name="Jordan Ellis", credentials="NP", form_of_address="name")
    assert doctor.display_name == "Dr. Dana Ortiz, MD"
    assert doctor.appointment_label == "Request an appointment with Dr. Ortiz"
    assert nurse.display_name == "Jordan Ellis, NP"
    assert nurse.appointment_label == "Request an appointment with Jordan Ellis"


def test_spanish_pages_say_dra_for_a_woman_doctor(client):
    """Needs the Spanish catalog entry with context "a woman doctor" (doctors-es.po)."""
    ProviderFactory(name="Dana Ortiz", slug="dana-ortiz", form_of_address="dra")
    ProviderFactory(name="Kwame Asante", slug="kwame-asante", form_of_address="dr")
    body = client.get("/es/doctors/").content.decode()
    assert "Dra. Dana Ortiz, MD" in body
    assert "Dr. Kwame Asante, MD" in body
    # Spanish puts the article before the title: "con la Dra.", "con el Dr.".
    her_page = client.get("/es/doctors/dana-ortiz/").content.decode()
    his_page = client.get("/es/doctors/kwame-asante/").content.decode()
    assert "Pedir una cita con la Dra. Ortiz" in her_page
    assert "Pedir una cita con el Dr. Asante" in his_page
    # And so does the request form the link opens; a name alone has no article.
    ProviderFactory(name="Jordan Ellis", slug="jordan-ellis", form_of_address="name")
    notices = {
        slug: client.get("/es/appointments/request/", {"doctor": slug}).content.decode()
        for slug in ("dana-ortiz", "kwame-asante", "jordan-ellis")
    }
    assert "una cita con la <strong>Dra. Dana Ortiz, MD</strong>." in notices["dana-ortiz"]
    assert "una cita con el <strong>Dr. Kwame Asante, MD</strong>." in notices["kwame-asante"]
    assert "una cita con <strong>Jordan Ellis" in notices["jordan-ellis"]


def test_publishing_doctors_from_the_list_records_a_version(staff_client):
    from reversion.models import Version

    doctor = ProviderFactory(is_published=False)
    response = staff_client.post(
        "/admin/care/provider/", {"action": "publish", "_selected_action": [doctor.pk]}
    )
    assert response.status_code == HTTPStatus.FOUND
    doctor.refresh_from_db()
    assert doctor.is_published
    (version,) = Version.objects.get_for_object(doctor)
    assert version.revision.comment == "Published"
    assert version.field_dict["is_published"] is True
