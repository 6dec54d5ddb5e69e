"""Yes/no questions in plain French. ``ask`` is the seam: tests patch it to answer without a dialog."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget

from ui.text import nbsp


def question_box(parent: QWidget | None, title: str, text: str, *, yes: str, no: str = "Annuler",
                 informative: str = "", warning: bool = False,
                 destructive: bool = False) -> tuple[QMessageBox, QPushButton]:
    """The question and its ``yes`` button. Enter presses the expected action, except when it destroys
    or cannot be undone (``destructive``): then Enter, like Échap, answers ``no``."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning if warning else QMessageBox.Icon.Question)
    box.setWindowTitle(title)
    box.setText(nbsp(text))
    if informative:
        box.setInformativeText(nbsp(informative))
    yes_button = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
    no_button = box.addButton(no, QMessageBox.ButtonRole.RejectRole)
    yes_button.setAccessibleName(yes)
    no_button.setAccessibleName(no)
    box.setDefaultButton(no_button if destructive else yes_button)
    box.setEscapeButton(no_button)
    return box, yes_button


def ask(parent: QWidget | None, title: str, text: str, *, yes: str, no: str = "Annuler",
        informative: str = "", warning: bool = False, destructive: bool = False) -> bool:
    """True when the user clicks ``yes``. ``destructive``: the safe answer (``no``) is the default."""
    box, yes_button = question_box(parent, title, text, yes=yes, no=no, informative=informative,
                                   warning=warning, destructive=destructive)
    box.exec()
    return box.clickedButton() is yes_button


def confirm_first_import(parent: QWidget | None, created: int, classes: int, *, staff: bool = False) -> bool:
    text = (f"{created} comptes de personnels vont être créés (cohorte des personnels de l'année)."
            if staff else f"{created} comptes élèves vont être créés dans {classes} classes.")
    return ask(
        parent,
        "Créer les comptes",
        text,
        informative=(
            f"Un mot de passe sera généré pour chaque {'personnel' if staff else 'élève'}. À la fin, "
            "enregistrez ou imprimez les identifiants pour les distribuer."
        ),
        yes="Créer les comptes",
    )


def confirm_safety(parent: QWidget | None, message: str) -> bool:
    return ask(
        parent,
        "Vérification avant l'importation",
        message,
        informative="Voulez-vous vraiment continuer avec ce fichier ?",
        yes="Continuer quand même",
        no="Annuler l'importation",
        warning=True,
        destructive=True,  # a partial or older export suspends accounts
    )


def confirm_findings(parent: QWidget | None, findings) -> bool | None:
    """The engine's safety rules as questions: None = stop (refused or declined), else ``confirmed``."""
    from ui.dialogs import errors
    from ui.sections.importer.summary import safety_message

    confirmed = False
    for finding in findings:
        if finding.code == "mode_required":
            continue  # answered by the password choice
        if not finding.overridable:
            errors.show_error(parent, "Importation impossible", safety_message(finding))
            return None
        if not confirm_safety(parent, safety_message(finding)):
            return None
        confirmed = True
    return confirmed


def confirm_close_with_credentials(parent: QWidget | None, days: int | None = None, *,
                                   leaving: str = "Quitter") -> bool:
    if days is None:
        from ui.tasks import retention_days

        days = retention_days()
    return ask(
        parent,
        "Identifiants non enregistrés",
        "Les nouveaux identifiants n'ont été ni enregistrés ni imprimés.",
        informative=(
            f"Ils restent sur cet ordinateur pendant {days} jours : à la prochaine ouverture d'Éléa Desktop, "
            "le bouton « Retrouver ces identifiants » permet de les imprimer ou de les enregistrer. Passé "
            f"ce délai, il faudra générer de nouveaux mots de passe.\n\n{leaving} quand même ?"
        ),
        yes=f"{leaving} sans enregistrer",
        no="Revenir aux identifiants",
        warning=True,
        destructive=True,
    )


def confirm_close_while_importing(parent: QWidget | None) -> bool:
    return ask(
        parent,
        "Importation en cours",
        "Une importation est en cours.",
        informative="Si vous quittez maintenant, elle sera annulée et rien ne sera modifié.",
        yes="Annuler l'importation et quitter",
        no="Continuer l'importation",
        warning=True,
        destructive=True,
    )
