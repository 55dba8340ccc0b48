from genesys_cloud_sim.cli import main

raise SystemExit(main())
