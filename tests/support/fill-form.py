#!/usr/bin/python3
# Fills a PDF form's fields with pypdf (Debian python3-pypdf), as a second filler beside pdftk:
#   fill-form.py IN.pdf OUT.pdf NAME=VALUE...    (values UTF-8; "\n" in a value is a line break)
#   fill-form.py --js IN.pdf OUT.pdf NAME=VALUE  (also adds an OpenAction script and a Launch action)
import sys
from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject, DictionaryObject, TextStringObject, BooleanObject

args = sys.argv[1:]
hostile = args and args[0] == "--js"
if hostile:
    args = args[1:]
source, target, pairs = args[0], args[1], args[2:]
values = {}
for pair in pairs:
    name, value = pair.split("=", 1)
    values[name] = value.replace("\\n", "\n")
reader = PdfReader(source)
writer = PdfWriter()
writer.append(reader)
for page in writer.pages:
    writer.update_page_form_field_values(page, values)
writer._root_object["/AcroForm"][NameObject("/NeedAppearances")] = BooleanObject(True)
if hostile:
    writer.add_js("app.alert('pwned');")
    launch = DictionaryObject({NameObject("/S"): NameObject("/Launch"), NameObject("/F"): TextStringObject("/bin/sh")})
    writer._root_object[NameObject("/OpenAction")] = launch
with open(target, "wb") as out:
    writer.write(out)
