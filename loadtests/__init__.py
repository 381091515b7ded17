"""Rate-limit load tests: Locust suites that drive any server at and above its
documented limits and judge, from what the server answered, whether the limits
hold as documented. Never imports the mock."""
