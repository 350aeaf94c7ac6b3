// Every integration test file starts with the product's clock at one fixed instant (test/support/product-clock.ts).
import { integrationClockAt, setProductClock } from '../support/product-clock';

setProductClock(integrationClockAt);
