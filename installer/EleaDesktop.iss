; Inno Setup script of Éléa Desktop (Inno Setup 6.3 or later: x64compatible): a per-user installer, no
; administrator rights needed.
;
;   ISCC.exe /DAppVersion=0.1.0 installer\EleaDesktop.iss        (run by installer\build-windows.ps1)
;
; Input: the PyInstaller one-folder Windows bundle dist\windows\EleaDesktop\ (build.spec). Output:
; dist\installer\EleaDesktop-<version>-setup.exe. This file is UTF-8 with a BOM (needed for « É »).
; The CI compiles it on every run (ISCC under Wine, `make windows`, no warning allowed), then installs,
; upgrades and uninstalls the setup silently.

#ifndef AppVersion
  #error Pass the version: ISCC /DAppVersion=x.y.z installer\EleaDesktop.iss
#endif
#ifndef AppNumericVersion
  ; x.y.z only (Windows file versions are numeric); build-windows.ps1 passes it for pre-releases
  #define AppNumericVersion AppVersion
#endif
#define AppName "Éléa Desktop"
#define AppExeName "EleaDesktop.exe"

[Setup]
; AppId identifies the application for upgrades and uninstall: NEVER change it.
; Generated once (2026-11-28): 2E73C274-EF43-43C6-9277-02E563EF14A9 (the double brace escapes "{").
AppId={{2E73C274-EF43-43C6-9277-02E563EF14A9}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppName}
VersionInfoVersion={#AppNumericVersion}
VersionInfoProductName={#AppName}
VersionInfoDescription=Installation de {#AppName}
; Per-user install, no UAC prompt; IT staff can still choose "install for all users" in a dialog.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
; {autopf} is %LOCALAPPDATA%\Programs for a per-user install, Program Files for all users.
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
; Qt 6 supports Windows 10 1809 (build 17763) and later: older builds must not install it
MinVersion=10.0.17763
SetupIconFile=..\resources\icons\elea-desktop.ico
UninstallDisplayIcon={app}\{#AppExeName}
UninstallDisplayName={#AppName}
OutputDir=..\dist\installer
OutputBaseFilename=EleaDesktop-{#AppVersion}-setup
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
CloseApplications=yes
; Code signing (recommended: fewer antivirus false positives). Define a sign tool in the IDE or with
; ISCC "/Ssigntool=signtool.exe sign /fd SHA256 /tr http://timestamp.digicert.com /td SHA256 /a $p", then:
; SignTool=signtool $f
; SignedUninstaller=yes

[Languages]
Name: "french"; MessagesFile: "compiler:Languages\French.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; An upgrade replaces the whole bundle: no library of the previous version may stay behind.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "..\dist\windows\EleaDesktop\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExeName}"; WorkingDir: "{app}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExeName}"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExeName}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

; The uninstaller removes the program only. The data folder (%APPDATA%\EleaDesktop: accounts, credential
; batches, backups) is kept on purpose, so that an upgrade or a reinstallation loses nothing; the
; application's own "erase" function deletes it. No file association is registered (a SIECLE .zip is
; opened from the application).
