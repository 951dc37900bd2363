"""Types values into workbooks with LibreOffice (Python-UNO) and saves them in
other formats, the way a ministry's planner would. One soffice for the batch.

usage: python3 libreoffice_fill.py <jobs.json> <profile-dir>
jobs: [{"in": path, "edits": [{"sheet": name, "cell": "H3", "number"|"text"|"formula": v}],
        "out": [{"path": p, "format": "xlsx"|"xls"|"ods"|"csv", "password": optional}]}]
"""
import json
import os
import subprocess
import sys
import time

import uno
from com.sun.star.beans import PropertyValue

FILTERS = {"xlsx": "Calc MS Excel 2007 XML", "xls": "MS Excel 97", "ods": "calc8", "csv": "Text - txt - csv (StarCalc)"}


def prop(name, value):
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


def url(path):
    return uno.systemPathToFileUrl(os.path.abspath(path))


def main():
    jobs = json.load(open(sys.argv[1]))
    profile = sys.argv[2]
    pipe = "matriz_%d" % os.getpid()
    office = subprocess.Popen(
        ["soffice", "--headless", "--invisible", "--norestore", "--nologo", "--nodefault",
         "-env:UserInstallation=" + url(profile), "--accept=pipe,name=%s;urp;" % pipe],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        context = None
        for _ in range(300):
            try:
                context = resolver.resolve("uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe)
                break
            except Exception:
                time.sleep(0.1)
        if context is None:
            raise RuntimeError("LibreOffice did not start")
        desktop = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
        for job in jobs:
            doc = desktop.loadComponentFromURL(url(job["in"]), "_blank", 0, (prop("Hidden", True),))
            for edit in job.get("edits", []):
                sheet = doc.Sheets.getByName(edit["sheet"])
                # Protection would refuse typing into locked cells; the planner types into open ones only.
                cell = sheet.getCellRangeByName(edit["cell"])
                if "number" in edit:
                    cell.setValue(edit["number"])
                elif "formula" in edit:
                    cell.setFormula(edit["formula"])
                else:
                    cell.setString(edit["text"])
            for out in job["out"]:
                props = [prop("FilterName", FILTERS[out["format"]]), prop("Overwrite", True)]
                if out.get("password"):
                    # LibreOffice encrypts ODS with a password (its OOXML encryption is not reachable from storeToURL here).
                    props.append(prop("Password", out["password"]))
                if out["format"] == "csv":
                    props.append(prop("FilterOptions", "44,34,76,1"))
                doc.storeToURL(url(out["path"]), tuple(props))
            doc.close(True)
        try:
            desktop.terminate()
        except Exception:
            pass
    finally:
        try:
            office.wait(timeout=10)
        except Exception:
            office.kill()
            office.wait()


if __name__ == "__main__":
    main()
