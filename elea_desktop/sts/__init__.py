"""Reading the STS-web « Emploi du temps » export (``sts_emp_<UAI>_<AAAA>.xml``): the staff."""
