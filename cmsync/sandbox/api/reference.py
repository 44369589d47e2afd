"""Reference lists (skins, time zones, phone gateways), ping and contacts."""

import functools
import re
from importlib import resources
from pathlib import Path

from ..http import FieldErrors, Request, json_response
from ..serializers import Context
from ..validation import parse_email
from .routing import router

# Keep the ids in step with validation.SKIN_IDS.
SKIN_NAMES = {
    "4": ("Business 1", "business_1"),
    "5": ("Business 2", "business_2"),
    "6": ("Business 3", "business_3"),
    "7": ("Education 1", "education_1"),
    "8": ("Education 2", "education_2"),
    "10": ("Elegance 1", "elegance_1"),
}
# Made-up dial-in numbers in the shape one third-party client declares.
PHONE_GATEWAYS = [
    {"code": "PL", "location": "Poland", "value": "+48 22 000 00 00", "geo": "EU"},
    {
        "code": "US",
        "location": "United States",
        "value": "+1 555 010 0000",
        "geo": "NA",
    },
]
SYSTEM_ZONE_TABLE = Path("/usr/share/zoneinfo/zone.tab")


@router.add("GET", "ping")
def ping(request: Request, context: Context):
    return json_response({"ping": "pong"})


@router.add("GET", "conferences/skins")
def list_skins(request: Request, context: Context):
    skins = []
    for skin_id in ("5", "6", "7", "8", "10", "4"):
        name, folder = SKIN_NAMES[skin_id]
        skins.append(
            {
                "id": skin_id,
                "name": name,
                "thumbnail_url": f"{context.base_url}/skins/{folder}/preview.png",
            }
        )
    return json_response(skins)


@functools.cache
def zone_table() -> dict[str, list[str]]:
    """Map lower-case ISO country codes to their zone names, from tzdata's zone.tab."""
    if SYSTEM_ZONE_TABLE.is_file():
        text = SYSTEM_ZONE_TABLE.read_text(encoding="utf-8")
    else:
        text = resources.files("tzdata.zoneinfo").joinpath("zone.tab").read_text()
    table: dict[str, list[str]] = {}
    for line in text.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        columns = line.split("\t")
        table.setdefault(columns[0].lower(), []).append(columns[2])
    return {country: sorted(zones) for country, zones in table.items()}


@router.add("GET", "time_zone_list")
def list_time_zones(request: Request, context: Context):
    zones = sorted({zone for zones in zone_table().values() for zone in zones})
    return json_response([*zones, "UTC"])


@router.add("GET", "time_zone_list/{country}")
def list_country_time_zones(request: Request, context: Context, country: str):
    return json_response(zone_table().get(country.lower(), []))


@router.add("GET", "phone_gateways")
def list_phone_gateways(request: Request, context: Context):
    return json_response(PHONE_GATEWAYS)


@router.add("POST", "contacts")
def add_contact(request: Request, context: Context):
    params = request.params
    errors = []
    email = parse_email(params.get("email"))
    if email is None:
        errors.append({"name": "email", "message": "Invalid e-mail address"})
    for field_name in ("firstname", "lastname"):
        value = params.get(field_name)
        if not isinstance(value, str) or not value.strip():
            errors.append(
                {"name": field_name, "message": "Value is required and can't be empty"}
            )
    country = params.get("country")
    if country is not None and not re.fullmatch(r"[A-Za-z]{2}", str(country)):
        errors.append(
            {"name": "country", "message": "Expected a 2-letter country code"}
        )
    if errors:
        raise FieldErrors(errors)
    # The same address updates the existing contact.
    context.state.contacts[email.lower()] = {
        key: params.get(key)
        for key in ("email", "firstname", "lastname", "phone", "company", "country")
    }
    return json_response({"status": "OK"})
