<?php
// Test-only: can these users log in with these passwords? Reads {"username": "password", ...} on stdin and
// prints {"username": reason} with authenticate_user_login's reason (0 ok, 1 no such user, 2 suspended,
// 3 wrong password, 4 locked out). Run from the Moodle tree.

define('CLI_SCRIPT', true);
require('config.php');  // the working directory is the Moodle tree

$result = [];
foreach (json_decode(stream_get_contents(STDIN), true) as $username => $password) {
    $reason = null;
    authenticate_user_login($username, $password, false, $reason);
    $result[$username] = $reason;
}
echo json_encode($result), "\n";
