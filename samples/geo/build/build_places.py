#!/usr/bin/env python3
"""Builds samples/geo/places.geojson: the place names of the console's map (countries, main ports and towns, seas and
straits). Ports come from samples/geo/ports.geojson (NGA World Port Index, US Government work), picked by WPI number and
shown under their common name; country names follow Natural Earth (public domain) with label points chosen by hand
inside each country; sea and strait labels are written by hand (names as on common nautical charts, positions inside
the water body). Python 3.11 standard library; byte-identical output on every run.

    python3 samples/geo/build/build_places.py
"""
import json
import pathlib

GEO = pathlib.Path(__file__).resolve().parent.parent

# rank: 1 = shown from the region view (zoom 3), 2 = from zoom 4.5, 3 = from zoom 6.
COUNTRIES = [  # (name as displayed, Natural Earth name, lon, lat)
    ("INDONESIA", "Indonesia", 113.9, -1.0), ("MALAYSIA", "Malaysia", 102.2, 4.2), ("AUSTRALIA", "Australia", 134.0, -24.5),
    ("PAPUA NEW GUINEA", "Papua New Guinea", 144.3, -6.4), ("PHILIPPINES", "Philippines", 122.5, 12.3),
    ("THAILAND", "Thailand", 101.0, 15.6), ("MYANMAR", "Myanmar", 96.0, 21.5), ("VIETNAM", "Vietnam", 105.8, 20.9),
    ("CAMBODIA", "Cambodia", 104.9, 12.8), ("LAOS", "Laos", 102.6, 19.7), ("TIMOR-LESTE", "Timor-Leste", 125.9, -8.85),
    ("SRI LANKA", "Sri Lanka", 80.7, 7.8), ("INDIA", "India", 78.5, 20.0), ("BANGLADESH", "Bangladesh", 90.3, 23.8),
    ("CHINA", "China", 108.0, 26.0), ("TAIWAN", "Taiwan", 120.95, 23.7), ("SOLOMON IS.", "Solomon Is.", 159.8, -8.9),
    ("VANUATU", "Vanuatu", 167.0, -15.5), ("NEW ZEALAND", "New Zealand", 172.5, -41.5), ("FIJI", "Fiji", 178.0, -17.6),
    ("NEW CALEDONIA", "New Caledonia", 165.6, -21.4), ("BRUNEI", "Brunei", 114.7, 4.5),
]
PORTS = [  # (name as displayed, WPI name, rank)
    ("Singapore", "Keppel - (East Singapore)", 1), ("Jakarta", "Jakarta", 1), ("Surabaya", "Surabaya", 1), ("Darwin", "Darwin", 1),
    ("Manila", "Manila", 1), ("Bangkok", "Bangkok", 1), ("Kupang", "Kupang", 2), ("Makassar", "Ujung Pandang", 2),
    ("Benoa (Bali)", "Benoa", 2), ("Semarang", "Semarang", 2), ("Belawan (Medan)", "Belawan", 2), ("Port Klang", "Port Klang", 2),
    ("Port Moresby", "Port Moresby", 2), ("Cebu", "Cebu", 2), ("Davao", "Davao", 2), ("Ho Chi Minh City", "Thanh Ho Chi Minh", 2),
    ("Colombo", "Colombo", 2), ("Chennai", "Chennai (Madras)", 2), ("Palembang", "Palembang", 3), ("Balikpapan", "Balikpapan", 2),
    ("Ambon", "Ambon", 2), ("Jayapura", "Jayapura", 2), ("Sorong", "Tg. Sorong", 3), ("Cairns", "Cairns", 2), ("Broome", "Broome", 2),
    ("Port Hedland", "Port Hedland", 3), ("Fremantle (Perth)", "Fremantle", 2), ("Christmas Island", "Flying Fish Cove", 2),
    ("Dili", "Dili", 2), ("Kuching", "Kuching", 3), ("Kota Kinabalu", "Kota Kinabalu", 2), ("Sandakan", "Pelabuhan Sandakan", 3),
    ("Zamboanga", "Zamboanga", 3), ("Yangon", "Rangoon", 2), ("Chittagong", "Chittagong", 2), ("Phuket", "Phuket", 2),
    ("Songkhla", "Songkhla Harbor", 3), ("Sabang", "Sabang", 3), ("Padang", "Teluk Bayur", 3), ("Bitung", "Bitung", 3),
    ("Thursday Island", "Thursday Island", 2), ("Merauke", "Merauke", 3), ("Honiara", "Honiara", 2), ("Port Vila", "Port Vila", 3),
    ("Nouméa", "Noumea", 3), ("Suva", "Suva Harbor", 3), ("Da Nang", "Da Nang", 3), ("Port Blair", "Port Blair", 2),
    ("Kolkata", "Calcutta", 3), ("Cilacap", "Cilacap", 3), ("Ende", "Ende", 3), ("Waingapu", "Waingapu", 3), ("Saumlaki", "Saumlaki", 3),
    ("Weipa", "Weipa", 3), ("Gove", "Gove", 3), ("Dampier", "Dampier", 3), ("Hong Kong", "Hong Kong", 2), ("Kaohsiung", "Kao-Hsiung", 3),
    ("Townsville", "Townsville", 3), ("Lae", "Lae", 3), ("Rabaul", "Rabaul", 3), ("Madang", "Madang", 3),
]
SEAS = [  # (name, lon, lat, rank) written by hand: inside the water body, away from its edges
    ("INDIAN OCEAN", 92.0, -14.0, 1), ("PACIFIC OCEAN", 158.0, 6.0, 1), ("South China Sea", 113.0, 12.5, 1),
    ("Java Sea", 110.5, -4.6, 1), ("Banda Sea", 127.0, -6.0, 1), ("Flores Sea", 120.5, -7.4, 2), ("Celebes Sea", 122.5, 3.6, 1),
    ("Sulu Sea", 120.0, 8.6, 2), ("Timor Sea", 127.5, -11.7, 1), ("Arafura Sea", 136.0, -9.8, 1), ("Coral Sea", 152.0, -15.0, 1),
    ("Andaman Sea", 96.5, 10.5, 1), ("Bay of Bengal", 88.5, 15.0, 1), ("Savu Sea", 122.2, -9.4, 2), ("Molucca Sea", 126.2, 0.6, 2),
    ("Philippine Sea", 131.0, 15.0, 1), ("Gulf of Thailand", 101.6, 10.0, 1), ("Tasman Sea", 160.0, -37.5, 1),
    ("Bismarck Sea", 148.0, -4.0, 2), ("Solomon Sea", 152.5, -8.0, 2), ("Gulf of Carpentaria", 139.0, -14.0, 1),
    ("Bali Sea", 116.0, -7.6, 3), ("Seram Sea", 129.5, -2.6, 3), ("Halmahera Sea", 129.3, -0.6, 3), ("Natuna Sea", 107.5, 2.0, 2),
]
STRAITS = [
    ("Strait of Malacca", 99.9, 3.6, 1), ("Singapore Strait", 104.05, 1.2, 2), ("Sunda Strait", 105.75, -6.1, 2),
    ("Lombok Strait", 115.78, -8.55, 2), ("Makassar Strait", 118.3, -2.4, 1), ("Torres Strait", 142.3, -10.1, 2),
    ("Karimata Strait", 108.6, -1.9, 2), ("Bali Strait", 114.42, -8.25, 3), ("Ombai Strait", 124.6, -8.47, 3),
]


def main() -> None:
    ports = {f["properties"]["name"]: f for f in json.loads((GEO / "ports.geojson").read_text())["features"]}
    features = []

    def add(name, kind, lon, lat, rank, **extra):
        features.append({"type": "Feature", "properties": {"name": name, "kind": kind, "rank": rank, **extra},
                         "geometry": {"type": "Point", "coordinates": [round(lon, 4), round(lat, 4)]}})

    for name, ne_name, lon, lat in COUNTRIES:
        add(name, "country", lon, lat, 1, naturalEarthName=ne_name)
    for name, wpi, rank in PORTS:
        port = ports[wpi]  # a KeyError here means the WPI name changed: fix the table
        lon, lat = port["geometry"]["coordinates"]
        add(name, "port", lon, lat, rank, wpiNumber=port["properties"]["wpiNumber"])
    for name, lon, lat, rank in SEAS:
        add(name, "sea", lon, lat, rank)
    for name, lon, lat, rank in STRAITS:
        add(name, "strait", lon, lat, rank)
    text = json.dumps({"type": "FeatureCollection", "name": "places", "features": features}, ensure_ascii=False, separators=(",", ":"))
    (GEO / "places.geojson").write_text(text.replace('},{"type":"Feature"', '},\n{"type":"Feature"') + "\n", encoding="utf-8")
    print(f"places.geojson: {len(features)} names")


if __name__ == "__main__":
    main()
