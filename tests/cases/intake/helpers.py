"""Building intake POSTs the way a browser would."""

from django.core.files.uploadedfile import SimpleUploadedFile

# Smallest valid files of each kind: the bytes are what filetype sniffs.
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 64 + b"\xff\xd9"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def upload(name: str, content: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def big_file(name: str, size: int) -> SimpleUploadedFile:
    head = PNG if name.endswith(".png") else PDF
    return SimpleUploadedFile(name, head + b"\x00" * (size - len(head)), content_type="image/png")


def counter_post(**overrides) -> dict:
    data = {
        "channel": "visit",
        "platform": "",
        "received_at": "",
        "what_happened": "楼上邻居装修噪音很大",
        "request": "请求协调装修时间",
        "category": "relief",
        "subject": "",
        "community": "",
        "address": "",
        "headcount": "1",
        "accused_department": "",
        "accused_name": "",
        "submission_key": "counter-key-1",
        "p-TOTAL_FORMS": "5",
        "p-INITIAL_FORMS": "0",
        "p-MIN_NUM_FORMS": "0",
        "p-MAX_NUM_FORMS": "5",
        "p-0-name": "张三",
        "p-0-phone": "13912345678",
        "p-0-id_number": "",
    }
    for i in range(1, 5):
        data.setdefault(f"p-{i}-name", "")
        data.setdefault(f"p-{i}-phone", "")
    data.update(overrides)
    return data


def web_post(**overrides) -> dict:
    data = {
        "what_happened": "小区路灯坏了一个月",
        "request": "请尽快修好路灯",
        "community": "",
        "address": "银都路100弄",
        "phone": "13912345678",
        "name": "李四",
        "consent": "on",
        "website": "",
        "submission_key": "web-key-1",
    }
    data.update(overrides)
    return data


__all__ = ["JPEG", "PDF", "PNG", "big_file", "counter_post", "upload", "web_post"]
