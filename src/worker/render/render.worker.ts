import * as Comlink from 'comlink';
import { RenderService } from './render-service';

Comlink.expose(new RenderService());
