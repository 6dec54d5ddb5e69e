<?php
// Test-only: the platform administrator's set-up of README « Plateforme Éléa », done with Moodle's own API
// on a fresh test site (loopback, thrown away after the tests). Reads a JSON spec on stdin, prints the
// tokens as JSON. Run from the Moodle tree (it requires config.php).
//
// Spec: {"user": {...}, "capabilities": [...],
//        "services": [{"shortname", "functions", "restricted", "owner": "user"|"admin"}]}
// One token per service, for its owner: the dedicated account, or the site administrator (the tests' own
// independent view of the platform).

define('CLI_SCRIPT', true);
require('config.php');  // the working directory is the Moodle tree
require_once($CFG->dirroot . '/webservice/lib.php');
require_once($CFG->dirroot . '/user/lib.php');

$spec = json_decode(stream_get_contents(STDIN), true);

set_config('enablewebservices', 1);
set_config('webserviceprotocols', 'rest');

\core\session\manager::set_user(get_admin());
$system = context_system::instance();

// README step 5: a dedicated account with a system role holding exactly the listed capabilities.
$user = (object) array_merge($spec['user'], ['auth' => 'manual', 'confirmed' => 1, 'mnethostid' => $CFG->mnet_localhost_id]);
$user->id = user_create_user($user, true, false);
$roleid = create_role('Éléa Desktop', 'eleadesktop', 'Envoi des comptes par Éléa Desktop');
set_role_contextlevels($roleid, [CONTEXT_SYSTEM]);
foreach ($spec['capabilities'] as $capability) {
    assign_capability($capability, CAP_ALLOW, $roleid, $system->id, true);
}
role_assign($roleid, $user->id, $system->id);

$ws = new webservice();
$tokens = [];
foreach ($spec['services'] as $service) {
    // README steps 3, 4 and 6: the service, its functions, the authorised user.
    $id = $ws->add_external_service((object) [
        'name' => $service['shortname'], 'shortname' => $service['shortname'], 'enabled' => 1,
        'restrictedusers' => $service['restricted'] ? 1 : 0, 'requiredcapability' => '',
        'downloadfiles' => 0, 'uploadfiles' => 0,
    ]);
    foreach ($service['functions'] as $function) {
        $ws->add_external_function_to_service($function, $id);
    }
    if ($service['restricted']) {
        $ws->add_ws_authorised_user((object) ['externalserviceid' => $id, 'userid' => $user->id]);
    }
    $record = $DB->get_record('external_services', ['id' => $id]);
    // README step 7: the token (permanent; a test makes it expire by moving validuntil).
    $owner = $service['owner'] === 'admin' ? get_admin()->id : $user->id;
    $tokens[$service['shortname']] = \core_external\util::generate_token(
        EXTERNAL_TOKEN_PERMANENT, $record, $owner, $system, 0, '');
}
echo json_encode($tokens), "\n";
