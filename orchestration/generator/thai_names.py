"""Thai first and last names with their romanizations, honorifics and provinces.

A person has one Thai spelling and one or two common romanizations; sources pick one.
"""

from __future__ import annotations

# (Thai, romanizations, gender)
FIRST_NAMES: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("สมชาย", ("Somchai", "Somchay"), "M"),
    ("ประเสริฐ", ("Prasert", "Prasoet"), "M"),
    ("วิชัย", ("Wichai", "Vichai"), "M"),
    ("สมศักดิ์", ("Somsak",), "M"),
    ("อนุชา", ("Anucha",), "M"),
    ("ธนากร", ("Thanakorn", "Tanakorn"), "M"),
    ("กิตติ", ("Kitti",), "M"),
    ("ณัฐพล", ("Nattaphon", "Natthaphon"), "M"),
    ("ปิยะ", ("Piya",), "M"),
    ("สุรชัย", ("Surachai",), "M"),
    ("ชัยวัฒน์", ("Chaiwat", "Chaiwut"), "M"),
    ("วีระ", ("Weera", "Wira"), "M"),
    ("อภิชาติ", ("Apichat", "Aphichat"), "M"),
    ("ธีรศักดิ์", ("Teerasak", "Thirasak"), "M"),
    ("พงศกร", ("Pongsakorn", "Phongsakon"), "M"),
    ("ศุภชัย", ("Supachai", "Suphachai"), "M"),
    ("เอกชัย", ("Ekachai", "Ekkachai"), "M"),
    ("ภานุวัฒน์", ("Panuwat", "Phanuwat"), "M"),
    ("จักรพันธ์", ("Jakkapan", "Chakkaphan"), "M"),
    ("ธนวัฒน์", ("Thanawat", "Tanawat"), "M"),
    ("สมหญิง", ("Somying",), "F"),
    ("มาลี", ("Malee", "Mali"), "F"),
    ("สุดา", ("Suda",), "F"),
    ("วิไล", ("Wilai", "Vilai"), "F"),
    ("นภา", ("Napa", "Napha"), "F"),
    ("กมลชนก", ("Kamonchanok", "Kamolchanok"), "F"),
    ("ปวีณา", ("Paweena", "Phawina"), "F"),
    ("อรทัย", ("Orathai", "Oratai"), "F"),
    ("จันทร์เพ็ญ", ("Chanpen", "Junpen"), "F"),
    ("ศิริพร", ("Siriporn", "Siriphon"), "F"),
    ("พิมพ์ชนก", ("Pimchanok", "Phimchanok"), "F"),
    ("ณัฐธิดา", ("Natthida", "Nattida"), "F"),
    ("สุภาพร", ("Supaporn", "Suphaphon"), "F"),
    ("วรรณา", ("Wanna",), "F"),
    ("รัตนา", ("Rattana", "Ratana"), "F"),
    ("กาญจนา", ("Kanjana", "Kanchana"), "F"),
    ("ชลธิชา", ("Chonticha", "Chonthicha"), "F"),
    ("ธิดารัตน์", ("Thidarat", "Tidarat"), "F"),
    ("อัญชลี", ("Anchalee", "Anchali"), "F"),
    ("ปิยะนุช", ("Piyanuch", "Piyanut"), "F"),
)

# (Thai, romanizations)
LAST_NAMES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("สุขสวัสดิ์", ("Suksawat", "Sooksawat")),
    ("แสงทอง", ("Saengthong", "Sangthong")),
    ("ศรีสุข", ("Srisuk", "Sisuk")),
    ("วงศ์ใหญ่", ("Wongyai",)),
    ("บุญมา", ("Boonma", "Bunma")),
    ("จันทร์แก้ว", ("Chankaew", "Junkaew")),
    ("ทองดี", ("Thongdee", "Tongdee")),
    ("พรหมมา", ("Phromma", "Promma")),
    ("รัตนพันธ์", ("Rattanaphan", "Rattanapan")),
    ("ชัยมงคล", ("Chaimongkol", "Chaimongkhon")),
    ("สมบูรณ์", ("Somboon", "Sombun")),
    ("เจริญผล", ("Charoenphon", "Charoenpol")),
    ("ศรีวงศ์", ("Sriwong", "Siwong")),
    ("อินทร์แก้ว", ("Inkaew", "Inkaeo")),
    ("พิทักษ์", ("Phithak", "Pitak")),
    ("กิตติศักดิ์", ("Kittisak",)),
    ("ปัญญาดี", ("Panyadee", "Panyadi")),
    ("วัฒนา", ("Wattana", "Watthana")),
    ("มณีรัตน์", ("Maneerat", "Manirat")),
    ("ธนสาร", ("Thanasan", "Tanasarn")),
    ("แก้วมณี", ("Kaewmanee", "Kaeomani")),
    ("สุวรรณ", ("Suwan", "Suwanna")),
    ("บุญเรือง", ("Boonruang", "Bunrueang")),
    ("ทองคำ", ("Thongkham", "Tongkam")),
    ("ศักดิ์ดี", ("Sakdee", "Sakdi")),
    ("นาคสวัสดิ์", ("Naksawat",)),
    ("เพชรรัตน์", ("Phetcharat", "Petcharat")),
    ("อ่อนศรี", ("Onsri", "Onsi")),
    ("หอมจันทร์", ("Homchan", "Homjan")),
    ("ใจดี", ("Jaidee", "Chaidi")),
    ("แซ่ตั้ง", ("Saetang", "Sae-Tang")),
    ("แซ่ลิ้ม", ("Saelim", "Sae-Lim")),
    ("ตันติวงศ์", ("Tantiwong",)),
    ("เลิศวิไล", ("Lertwilai", "Loetwilai")),
    ("ประเสริฐสุข", ("Prasertsuk", "Prasoetsuk")),
    ("วิเศษศักดิ์", ("Wisetsak", "Visetsak")),
)

THAI_HONORIFIC_MALE = "นาย"
THAI_HONORIFIC_MISS = "นางสาว"
THAI_HONORIFIC_MRS = "นาง"
LATIN_HONORIFIC_MALE = "Mr."
LATIN_HONORIFIC_FEMALE = "Ms."
LATIN_HONORIFIC_ANY = "Khun"

GENDER_THAI = {"M": "ชาย", "F": "หญิง"}

# (Thai, English, weight)
PROVINCES: tuple[tuple[str, str, float], ...] = (
    ("กรุงเทพมหานคร", "Bangkok", 0.38),
    ("นนทบุรี", "Nonthaburi", 0.07),
    ("ปทุมธานี", "Pathum Thani", 0.06),
    ("สมุทรปราการ", "Samut Prakan", 0.06),
    ("ชลบุรี", "Chon Buri", 0.06),
    ("เชียงใหม่", "Chiang Mai", 0.06),
    ("ภูเก็ต", "Phuket", 0.04),
    ("ขอนแก่น", "Khon Kaen", 0.04),
    ("นครราชสีมา", "Nakhon Ratchasima", 0.05),
    ("สงขลา", "Songkhla", 0.04),
    ("ระยอง", "Rayong", 0.03),
    ("อุดรธานี", "Udon Thani", 0.03),
    ("เชียงราย", "Chiang Rai", 0.02),
    ("สุราษฎร์ธานี", "Surat Thani", 0.03),
    ("นครปฐม", "Nakhon Pathom", 0.03),
)
