#!/usr/bin/python3
# Fills every blank-N.pdf of FOLDER into filled-N.pdf (pypdf), as the évaluateur's PDF reader
# would: a result and a comment per competence, the date, the candidate's observations.
#   fill-forms.py FOLDER CODE...
import glob, os, sys
from pypdf import PdfReader, PdfWriter
from pypdf.generic import BooleanObject, NameObject

folder, codes = sys.argv[1], sys.argv[2:]
for blank in sorted(glob.glob(os.path.join(folder, "blank-*.pdf"))):
    target = blank.replace("blank-", "filled-")
    if os.path.exists(target):
        continue
    n = int(os.path.basename(blank)[6:-4])
    values = {"date_evaluation": "11/01/2027",
              "observations_candidat": "Évaluation conforme à mon activité ; je souhaite progresser (n°%d)." % n}
    for i, code in enumerate(codes):
        values["resultat_" + code] = "/non_acquis" if (n + i) % 4 == 0 else "/acquis"
        values["commentaire_" + code] = "Geste maîtrisé, consignes de sécurité appliquées — %s, dossier %d." % (code, n)
    writer = PdfWriter()
    writer.append(PdfReader(blank))
    for page in writer.pages:
        writer.update_page_form_field_values(page, values)
    writer._root_object["/AcroForm"][NameObject("/NeedAppearances")] = BooleanObject(True)
    with open(target, "wb") as out:
        writer.write(out)
