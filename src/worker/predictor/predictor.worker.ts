import * as Comlink from 'comlink';
import { PredictorService } from './predictor-service';

Comlink.expose(new PredictorService());
