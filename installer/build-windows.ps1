<#
.SYNOPSIS
    Builds the Windows bundle and installer of Elea Desktop (run on Windows 10/11, x64).

.DESCRIPTION
    1. creates .venv and installs the project with its "build" extra (PyInstaller);
    2. fills the version resource (build\version_info.txt) from pyproject.toml;
    3. runs PyInstaller with build.spec (dist\windows\EleaDesktop\);
    4. runs the bundle's --smoke self-test (offscreen, report read from a file: the windowed
       EleaDesktop.exe has no console) and stops if any check failed;
    5. compiles installer\EleaDesktop.iss with Inno Setup 6.3 or later (ISCC /DAppVersion=...);
    6. prints the SHA-256 of the installer and writes it next to it (publish it with the download).

    Requirements: Python 3.11+ (python.org, x64) and Inno Setup 6.3 or later, 7 included
    (https://jrsoftware.org/isdl.php): the script uses x64compatible, new in 6.3.
    This script is kept ASCII-only so that Windows PowerShell 5.1 reads it in any code page.

.EXAMPLE
    powershell -ExecutionPolicy Bypass -File installer\build-windows.ps1
    powershell -ExecutionPolicy Bypass -File installer\build-windows.ps1 -Python "py -3.12" -SkipInstaller
#>
[CmdletBinding()]
param(
    [string]$Python = "python",
    [string]$Iscc = "",
    [switch]$SkipInstaller
)

$ErrorActionPreference = "Stop"
$Root = Split-Path -Parent $PSScriptRoot
Set-Location $Root

function Invoke-Native {
    # Runs a program and stops on a non-zero exit code (PowerShell 5.1 does not do it for native commands).
    param([string]$Exe, [string[]]$Arguments)
    Write-Host "> $Exe $($Arguments -join ' ')"
    & $Exe @Arguments
    if ($LASTEXITCODE -ne 0) { throw "$Exe failed with exit code $LASTEXITCODE" }
}

# 1. Virtual environment with the build extra
$VenvPython = Join-Path $Root ".venv\Scripts\python.exe"
if (-not (Test-Path $VenvPython)) {
    $parts = $Python -split " "
    Invoke-Native $parts[0] (@($parts | Select-Object -Skip 1) + @("-m", "venv", ".venv"))
}
Invoke-Native $VenvPython @("-m", "pip", "install", "--upgrade", "pip")
Invoke-Native $VenvPython @("-m", "pip", "install", "-e", ".[build]")

# 2. Version (single source: pyproject.toml) and the Windows version resource
$Version = (& $VenvPython -c "import tomllib; print(tomllib.load(open('pyproject.toml', 'rb'))['project']['version'])").Trim()
if ($LASTEXITCODE -ne 0 -or -not $Version) { throw "cannot read the version from pyproject.toml" }
$NumericVersion = ([regex]::Matches($Version, "\d+") | Select-Object -First 3 | ForEach-Object { $_.Value }) -join "."
Write-Host "Version $Version (numeric $NumericVersion)"
Invoke-Native $VenvPython @("scripts\version_info.py", "build\version_info.txt")

# 3. PyInstaller bundle (build.spec fills build\version_info.txt again and sets the icon)
Invoke-Native $VenvPython @("-m", "PyInstaller", "--noconfirm", "--clean", "--distpath", "dist\windows", "--workpath", "build\windows\pyinstaller", "build.spec")
$Exe = Join-Path $Root "dist\windows\EleaDesktop\EleaDesktop.exe"
if (-not (Test-Path $Exe)) { throw "PyInstaller did not produce $Exe" }

# 4. Smoke test of the frozen bundle (windowed exe: no console, so the lines go to a report file)
$Report = Join-Path $Root "build\smoke-report.txt"
if (Test-Path $Report) { Remove-Item $Report }
$env:QT_QPA_PLATFORM = "offscreen"
$started = Get-Date
$process = Start-Process -FilePath $Exe -ArgumentList @("--smoke", "--report", "`"$Report`"") -Wait -PassThru -NoNewWindow
Remove-Item Env:\QT_QPA_PLATFORM
$seconds = ((Get-Date) - $started).TotalSeconds
if (-not (Test-Path $Report)) { throw "--smoke wrote no report (exit code $($process.ExitCode))" }
$lines = Get-Content -Path $Report -Encoding UTF8
$lines | ForEach-Object { Write-Host "    $_" }
$bad = @($lines | Where-Object { $_ -notmatch "^OK  " -and $_ -notmatch "^Total" })
if ($process.ExitCode -ne 0 -or $bad.Count -gt 0) {
    throw "--smoke failed (exit code $($process.ExitCode)): $($bad -join ' | ')"
}
$bundleMiB = [math]::Round(((Get-ChildItem -Recurse -File "dist\windows\EleaDesktop" | Measure-Object -Property Length -Sum).Sum / 1MB), 1)
Write-Host ("Smoke test OK in {0:N1} s; bundle {1} MiB" -f $seconds, $bundleMiB)

if ($SkipInstaller) { exit 0 }

# 5. Inno Setup installer
if (-not $Iscc) {
    # Inno Setup 7 first, then 6 (6.3 or later is needed: x64compatible); all-users or per-user installs
    $candidates = foreach ($major in @("7", "6")) {
        "${env:ProgramFiles(x86)}\Inno Setup $major\ISCC.exe"
        "$env:ProgramFiles\Inno Setup $major\ISCC.exe"
        "$env:LOCALAPPDATA\Programs\Inno Setup $major\ISCC.exe"
    }
    $Iscc = $candidates | Where-Object { Test-Path $_ } | Select-Object -First 1
    if (-not $Iscc) { throw "ISCC.exe (Inno Setup 6.3 or later) not found: install it or pass -Iscc <path>" }
}
# Code signing: sign dist\windows\EleaDesktop\EleaDesktop.exe with signtool here, and enable SignTool in the .iss.
Invoke-Native $Iscc @("/DAppVersion=$Version", "/DAppNumericVersion=$NumericVersion", "installer\EleaDesktop.iss")

# 6. Checksum to publish with the installer
$Setup = Join-Path $Root "dist\installer\EleaDesktop-$Version-setup.exe"
if (-not (Test-Path $Setup)) { throw "ISCC did not produce $Setup" }
$hash = (Get-FileHash -Algorithm SHA256 -Path $Setup).Hash.ToLower()
"$hash  $(Split-Path -Leaf $Setup)" | Set-Content -Encoding ASCII -Path "$Setup.sha256"
Write-Host "Installer: $Setup"
Write-Host "SHA-256:   $hash"
