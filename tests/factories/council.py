import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from faker import Faker

PASSWORD = "correct-horse-battery"


_NAMES = Faker("en_GB")


def _plain(name: str) -> str:
    return name.replace("'", "")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    # Generated names are plain (O'Connor would be escaped as O&#x27;Connor in the pages that tests read
    # as text); names that need escaping are the subject of the escaping tests, which choose them.
    first_name = factory.LazyFunction(lambda: _plain(_NAMES.first_name()))
    last_name = factory.LazyFunction(lambda: _plain(_NAMES.last_name()))
    email = factory.Sequence(lambda n: f"person{n}@northbridge.example")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        self.save()
        if create and extracted:
            self.groups.add(*Group.objects.filter(name__in=[str(r) for r in extracted]))


def authenticator_for(person):
    """The person's confirmed authenticator app (django-otp TOTP device), created if they have none."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=person, confirmed=True).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=person, name="Authenticator app", confirmed=True)


def code_from(device) -> str:
    """The 6-digit code the person's app shows now, as they would type it. A code's time step is
    accepted once only, so after one has been used this gives the next step's (still within the
    one-step tolerance)."""
    from django_otp.oath import TOTP

    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    if totp.t() <= device.last_t:
        totp.time = totp.time + (device.last_t + 1 - totp.t()) * device.step
    return f"{totp.token():0{device.digits}d}"
