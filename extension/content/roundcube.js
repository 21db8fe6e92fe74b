// PLACEHOLDER: the Roundcube driver is written by another part of the foundation. The test
// build injects it on http://127.0.0.1/* and http://localhost/*; shipped builds register it
// at run time for the origins the user grants.
